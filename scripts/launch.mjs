// @ts-check
import { ensureLauncher } from "./launcher-bundle.mjs";

/**
 * npm start: the compiled launcher (scripts/start.ts), compiled again first when its sources
 * changed since `npm run setup`. Runs in this process, so the tree is node, PostgreSQL, Next.js.
 * package.json starts it with the heap flags of server/platform/node-heap.ts (the same for Next.js).
 */
await import(await ensureLauncher());
