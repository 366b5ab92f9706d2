/** The names users read for the pipeline's stages (logbook lines and the stage list). */
export const STAGE_TITLES: Record<string, string> = {
  database: "Database",
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
};
