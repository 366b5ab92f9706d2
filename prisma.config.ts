import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

// The native engines cannot be downloaded here; the JS engines need none, but the CLI
// still checks that these paths exist before it decides to use them.
process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= __filename;
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= __filename;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  async adapter() {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString)
      throw new Error("DATABASE_URL is not set: start the platform or the test database first.");
    return new PrismaPg({ connectionString });
  },
});
