import { createRequire } from "node:module";

/**
 * `import "server-only"` throws unless the bundler resolves the react-server condition,
 * which plain Node (tsx) does not. The launcher is server code, so it may load modules
 * that carry the marker (the action worker, the router): pre-fill the module cache with
 * the package's no-op version.
 */
export function allowServerOnlyImports(): void {
  const require = createRequire(import.meta.url);
  const id = require.resolve("server-only");
  require.cache[id] ??= { id, filename: id, loaded: true, exports: {} } as NodeJS.Module;
}
