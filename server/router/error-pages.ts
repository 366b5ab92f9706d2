import type { ServerResponse } from "node:http";

const TITLES: Record<number, string> = {
  404: "No app is served at this address",
  502: "The app did not answer properly",
  503: "The app is not running",
};

const HINTS: Record<number, string> = {
  404: "Check the host name, or deploy the app first.",
  502: "The app's instance failed while answering. Its logs say why.",
  503: "No instance is healthy right now. Deploy or scale the app, or wait while it restarts.",
};

export function sendErrorPage(response: ServerResponse, status: 404 | 502 | 503): number {
  const body = `<!doctype html><title>${status} ${TITLES[status]}</title><body style="font-family:system-ui;margin:3rem"><h1>${TITLES[status]}</h1><p>${HINTS[status]}</p><p style="color:#888">thirtyloops router · ${status}</p></body>\n`;
  if (!response.headersSent) {
    response.writeHead(status, {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Length": Buffer.byteLength(body),
    });
  }
  response.end(body);
  return Buffer.byteLength(body);
}
