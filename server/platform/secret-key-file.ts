import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * The key that encrypts secrets at rest: THIRTY_SECRET when set, otherwise the key file in
 * the data dir, generated (32 random bytes, base64, mode 0600) the first time.
 */
export async function ensureSecretKey(dataDir: string): Promise<string> {
  const fromEnv = process.env.THIRTY_SECRET;
  if (fromEnv) return fromEnv;
  const file = path.join(dataDir, "secret.key");
  if (existsSync(file)) {
    const key = (await readFile(file, "utf8")).trim();
    if (!key)
      throw new Error(`${file} is empty: restore it from a backup (secrets cannot be decrypted without it).`);
    return key;
  }
  await mkdir(dataDir, { recursive: true });
  const key = randomBytes(32).toString("base64");
  await writeFile(file, `${key}\n`, { mode: 0o600, flag: "wx" });
  await chmod(file, 0o600);
  return key;
}
