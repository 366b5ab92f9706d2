/**
 * What may be written into nginx.conf. Host names, paths and app ids come from tenants (CNAMEs,
 * repository layouts) or from the data dir's location: anything outside these shapes could end
 * a directive and start another (`evil.com; include /etc/shadow`), so it is refused, never
 * quoted or escaped into place.
 */

const HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;
// Absolute, no `..` segment, and none of the characters nginx's parser treats specially
// (quotes, `;`, `{`, `}`, `$`, `#`, `\`, whitespace, control characters).
const PATH = /^\/[A-Za-z0-9._@+=,~%:/-]*$/;
const APP_ID = /^[A-Za-z0-9_-]{1,100}$/;
const SIZE = /^\d{1,6}[kKmMgG]?$/;

export function isSafeHost(host: string): boolean {
  return host.length <= 253 && HOST.test(host);
}

export function isSafePath(value: string): boolean {
  return value.length <= 1024 && PATH.test(value) && !value.split("/").includes("..");
}

export function isSafeAppId(appId: string): boolean {
  return APP_ID.test(appId);
}

export function isSafeSize(value: string): boolean {
  return SIZE.test(value);
}

export function isSafePort(port: number | null | undefined): port is number {
  return typeof port === "number" && Number.isInteger(port) && port > 0 && port < 65536;
}
