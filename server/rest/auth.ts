import "server-only";
import { getConfig } from "@/server/config";
import { clientAddress } from "@/server/edge/client-address";
import { authenticateBasic } from "@/server/services/accounts/authenticate-basic";
import type { Caller } from "@/server/services/caller";
import { RestError } from "./http";

function parseBasic(header: string | null): { username: string; password: string } | null {
  if (!header?.toLowerCase().startsWith("basic ")) return null;
  const decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon <= 0) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** HTTP Basic for a user of the account named in the path. */
export async function authenticate(request: Request, accountName: string): Promise<Caller> {
  const credentials = parseBasic(request.headers.get("authorization"));
  if (!credentials) {
    throw new RestError(401, "No authentication provided.", {
      "WWW-Authenticate": `Basic realm=api@${getConfig().platformDomain}`,
    });
  }
  return authenticateBasic({ accountName, ...credentials, address: clientAddress(request.headers) });
}
