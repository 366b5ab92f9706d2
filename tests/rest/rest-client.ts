import { handleRestRequest } from "@/server/rest/router";
import { uniqueName } from "../support/test-accounts";

export const ORIGIN = "http://127.0.0.1:3000";

export type Credentials = { username: string; password: string };

/** Calls the REST API in-process, exactly as the route handler would. */
export async function rest(
  method: string,
  path: string,
  options: { auth?: Credentials; body?: unknown; rawBody?: string } = {},
): Promise<{ status: number; headers: Headers; body: Record<string, unknown>; text: string }> {
  const headers = new Headers({ "Content-Type": "application/json" });
  if (options.auth) {
    headers.set(
      "Authorization",
      `Basic ${Buffer.from(`${options.auth.username}:${options.auth.password}`).toString("base64")}`,
    );
  }
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const response = await handleRestRequest(new Request(`${ORIGIN}/0.9/${path}`, { method, headers, body }));
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    text,
  };
}

/** Signs up a fresh account through POST /0.9/signup. */
export async function signUpRest(): Promise<{ account: string; auth: Credentials; email: string }> {
  const account = uniqueName("rest");
  const auth = { username: uniqueName("u"), password: "correct-horse-battery" };
  const email = `${auth.username}@example.org`;
  const answer = await rest("POST", "signup", { body: { account, email, ...auth } });
  if (answer.status !== 201) throw new Error(`signup failed: ${answer.text}`);
  return { account, auth, email };
}
