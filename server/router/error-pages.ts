export type ErrorPageStatus = 404 | 502 | 503;

export const ERROR_PAGE_STATUSES: readonly ErrorPageStatus[] = [404, 502, 503];

const TITLES: Record<ErrorPageStatus, string> = {
  404: "No app is served at this address",
  502: "The app did not answer properly",
  503: "The app is not running",
};

const HINTS: Record<ErrorPageStatus, string> = {
  404: "Check the host name, or deploy the app first.",
  502: "The app's instance failed while answering. Its logs say why.",
  503: "No instance is healthy right now. Deploy or scale the app, or wait while it restarts.",
};

/** The router's own page for a status it answers itself (written to files nginx serves). */
export function errorPageHtml(status: ErrorPageStatus): string {
  return `<!doctype html><title>${status} ${TITLES[status]}</title><body style="font-family:system-ui;margin:3rem"><h1>${TITLES[status]}</h1><p>${HINTS[status]}</p><p style="color:#888">thirtyloops router · ${status}</p></body>\n`;
}
