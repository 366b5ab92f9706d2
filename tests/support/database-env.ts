import os from "node:os";
import path from "node:path";
import { inject } from "vitest";

// Runs in every test worker before the test file is imported: services read these lazily.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.THIRTY_DATA_DIR = inject("dataDir");
process.env.THIRTY_PG_ADMIN_URL = inject("pgAdminUrl");
process.env.THIRTY_SECRET = "thirtyloops-test-secret-not-for-production";
// Local repositories may be deployed from the test repositories' directory only (the fetch
// sandbox binds it read-only); tests/support/git-repository.ts creates them there.
process.env.THIRTY_LOCAL_REPOSITORIES = path.join(os.tmpdir(), "thirty-test-repos");
