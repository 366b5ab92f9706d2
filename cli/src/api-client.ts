import { ApiError, CliError } from "./errors";

export type ApiAnswer = { status: number; headers: Headers; text: string; body: unknown };

export type Connection = { uri: string; api: string; account: string; username: string; password: string };

/** Why fetch failed, in words: "connection refused" rather than "fetch failed". */
function networkProblem(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code === "ECONNREFUSED") return "connection refused";
  if (cause?.code === "ENOTFOUND") return "host not found";
  return cause?.message ?? (error as Error).message;
}

/** The API's `{code, error}` body, or a stand-in when a proxy answered with something else. */
function errorOf(status: number, text: string): ApiError {
  try {
    const body = JSON.parse(text) as { error?: unknown };
    if (typeof body.error === "string") return new ApiError(status, body.error, text);
  } catch {
    // Not JSON: described below by its status.
  }
  return new ApiError(status, `the server answered HTTP ${status}`, text);
}

/** Speaks REST 0.9 as one user of one account (HTTP Basic on every request). */
export class ApiClient {
  constructor(private readonly connection: Connection) {}

  get account(): string {
    return this.connection.account;
  }

  /** The absolute URL of a path under the account: `apps/x` → `<uri>/0.9/<account>/apps/x`. */
  url(path: string): string {
    const { uri, api, account } = this.connection;
    return `${uri}/${api}/${encodeURIComponent(account)}${path ? `/${path}` : ""}`;
  }

  private authorization(): string {
    const { username, password } = this.connection;
    return `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
  }

  /** A request whose answer is read whole; 4xx/5xx become ApiError with the server's message. */
  async request(method: string, path: string, body?: unknown): Promise<ApiAnswer> {
    const response = await this.send(path, {
      method,
      headers: {
        Authorization: this.authorization(),
        Accept: "application/json",
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status >= 400) throw errorOf(response.status, text);
    let parsed: unknown = null;
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new CliError(
          `the server at ${this.connection.uri} did not answer with JSON (HTTP ${response.status})`,
        );
      }
    }
    return { status: response.status, headers: response.headers, text, body: parsed };
  }

  /**
   * Sends a file as the raw body of a POST, streamed from disk (a dump may be far larger than
   * what should sit in memory); the answer is read like any other.
   */
  async upload(path: string, file: string): Promise<ApiAnswer> {
    const { createReadStream, statSync } = await import("node:fs");
    const { Readable } = await import("node:stream");
    const response = await this.send(path, {
      method: "POST",
      headers: {
        Authorization: this.authorization(),
        Accept: "application/json",
        "Content-Type": "application/octet-stream",
        "Content-Length": String(statSync(file).size),
      },
      body: Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>,
      // Required by Node's fetch for a streamed body.
      duplex: "half",
    } as RequestInit);
    const text = await response.text();
    if (response.status >= 400) throw errorOf(response.status, text);
    return { status: response.status, headers: response.headers, text, body: text ? JSON.parse(text) : null };
  }

  get(path: string): Promise<ApiAnswer> {
    return this.request("GET", path);
  }

  /** A streaming GET (server-sent events); the caller reads and closes the body. */
  async stream(path: string, headers: Record<string, string>, signal: AbortSignal): Promise<Response> {
    const response = await this.send(path, {
      method: "GET",
      headers: { Authorization: this.authorization(), Accept: "text/event-stream", ...headers },
      signal,
    });
    if (response.status >= 400) throw errorOf(response.status, await response.text());
    return response;
  }

  private async send(path: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(this.url(path), init);
    } catch (error) {
      if ((error as Error).name === "AbortError") throw error;
      throw new CliError(`cannot reach ${this.connection.uri}: ${networkProblem(error)}`);
    }
  }
}

/** The logbook uuid at the end of a 202's Location. */
export function logbookIdOf(answer: ApiAnswer): string {
  const location = answer.headers.get("location") ?? "";
  const id = location.split("/").filter(Boolean).pop();
  if (!id) throw new CliError("the server queued the action but sent no logbook location");
  return id;
}
