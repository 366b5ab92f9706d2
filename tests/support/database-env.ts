import { inject } from "vitest";

// Runs in every test worker before the test file is imported: services read these lazily.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.THIRTY_DATA_DIR = inject("dataDir");
process.env.THIRTY_SECRET = "thirtyloops-test-secret-not-for-production";
