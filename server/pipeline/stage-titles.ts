/** The names users read for the pipeline's stages (logbook lines and the stage list). */
export const STAGE_TITLES: Record<string, string> = {
  database: "Database",
  backup: "Backup",
  download: "Download",
  upload: "Upload",
  restore: "Restore",
  fetch: "Fetch",
  configure: "Configure",
  build: "Build",
  start: "Start",
  check: "Check",
  postinstall: "Postinstall",
  switch: "Switch",
  workers: "Workers",
  scale: "Scale",
  restart: "Restart",
  run: "Run",
  stop: "Stop",
  publish: "Publish",
  route: "Route",
  remove: "Remove",
};

/**
 * Stages that change what runs (the switch and everything after it): once one has begun the
 * action is past its point of no return, and a cancel is refused instead of leaving the app
 * half-changed (the web on the new release, its workers on the old one).
 */
export const POINT_OF_NO_RETURN_STAGES: ReadonlySet<string> = new Set([
  "switch",
  "workers",
  "scale",
  "restart",
  "stop",
  "publish",
  "route",
  "remove",
]);

/** Why Cancel is refused past the point of no return (REST 409, tRPC, the dashboard). */
export const NO_RETURN_MESSAGE =
  "This action can no longer be cancelled: it has begun switching the app over, and stopping now would leave it half-changed. Wait for it to end; to undo it, deploy again or roll back.";
