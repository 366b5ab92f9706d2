#!/usr/bin/env node
// The `thirty` command: runs the client compiled into cli/dist by `npm run build:cli`
// (part of `npm run setup`), so no TypeScript tooling is needed at run time.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const built = fileURLToPath(new URL("../dist/thirty.cjs", import.meta.url));
if (!existsSync(built)) {
  process.stderr.write(
    "thirty: the client is not built yet (cli/dist/thirty.cjs is missing).\n" +
      "Run `npm run build:cli` (or `npm run setup`) in the thirtyloops checkout first.\n",
  );
  process.exit(1);
}
const { main } = createRequire(import.meta.url)(built);
await main(process.argv.slice(2));
