/**
 * V8 heap sizes for the platform's Node processes, measured on a 2-core machine
 * (npm run bench:footprint). V8's default young generation (16 MB semi-spaces) stays touched
 * once grown: at rest it was a third of next-server's PSS. 1 MB semi-spaces took next-server
 * from ~100 to ~67 MB at rest, the launcher from ~78 to ~50 MB. The old-space cap bounds a
 * process whatever happens (a leak becomes a restart rather than a machine out of memory); what
 * the processes hold is bounded in bytes well under it (log rings, stream queues).
 */
export const NODE_HEAP_FLAGS = ["--max-semi-space-size=1", "--max-old-space-size=256"];

/** The environment of a Node child with the platform's heap sizes; flags already set win. */
export function withHeapFlags(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, NODE_OPTIONS: [...NODE_HEAP_FLAGS, env.NODE_OPTIONS ?? ""].join(" ").trim() };
}
