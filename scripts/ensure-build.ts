import { ensureBuild } from "../server/platform/next-build";
import { projectRoot } from "../server/platform/project-root";

/** npx tsx scripts/ensure-build.ts — runs `next build` when the dashboard's sources changed. */
ensureBuild(projectRoot(import.meta.url)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
