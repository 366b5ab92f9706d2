/** One request as the router saw it; `line` is in nginx's "combined" format. */
export type AccessLogEntry = {
  appId: string | null;
  status: number;
  line: string;
  /** Seconds from the first byte of the request to the last byte of the answer. */
  requestTime?: number;
  /** Seconds the app's instances took to answer (summed over retries); absent when none did. */
  upstreamResponseTime?: number;
};
