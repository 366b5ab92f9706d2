import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { getConfig } from "@/server/config";

const ALGORITHM = "aes-256-gcm";
const FORMAT = "v1";

const holder = globalThis as unknown as { thirtySecretKey?: Buffer };

/**
 * The key comes from THIRTY_SECRET (the launcher always sets it) or, when a process was
 * started some other way, from the key file it would have generated in the data dir.
 */
function secretKey(): Buffer {
  if (holder.thirtySecretKey) return holder.thirtySecretKey;
  let material = process.env.THIRTY_SECRET;
  if (!material) {
    const file = path.join(getConfig().dataDir, "secret.key");
    if (!existsSync(file)) {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, `${randomBytes(32).toString("base64")}\n`, { mode: 0o600 });
    }
    material = readFileSync(file, "utf8").trim();
  }
  holder.thirtySecretKey = createHash("sha256").update(material).digest();
  return holder.thirtySecretKey;
}

export function encryptSecret(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv(ALGORITHM, secretKey(), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [FORMAT, iv.toString("base64"), tag.toString("base64"), body.toString("base64")].join(":");
}

export function decryptSecret(sealed: string): string {
  const [format, iv, tag, body] = sealed.split(":");
  if (format !== FORMAT || !iv || !tag || body === undefined) {
    throw new Error("A stored secret is not in a format this platform can read.");
  }
  const decipher = createDecipheriv(ALGORITHM, secretKey(), Buffer.from(iv, "base64"));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64")), decipher.final()]).toString("utf8");
}

/** A random password for generated credentials (database services). */
export function generatePassword(bytes = 18): string {
  return randomBytes(bytes).toString("base64url");
}
