import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { SandboxSpec } from "@/server/runtime/driver";

/** Inside the sandbox's private /tmp (a tmpfs of its own mount namespace). */
const SANDBOX_DIR = "/tmp/.thirty";

export type Credentials = {
  /** The location without user-info: what git and hg see in argv and store in their config. */
  location: string;
  username: string | null;
  password: string | null;
};

/**
 * Takes user and password (or a token as the user name) out of an http(s) URL: they go to git
 * through GIT_ASKPASS and to hg through an [auth] section, never into argv or the cache config.
 */
export function splitCredentials(location: string): Credentials {
  if (!/^https?:\/\//i.test(location)) return { location, username: null, password: null };
  try {
    const url = new URL(location);
    if (!url.username && !url.password) return { location, username: null, password: null };
    const username = decodeURIComponent(url.username);
    const password = decodeURIComponent(url.password);
    url.username = "";
    url.password = "";
    return { location: url.toString(), username, password };
  } catch {
    return { location, username: null, password: null };
  }
}

const ASKPASS = [
  "#!/bin/sh",
  "# git asks for Username then Password: both come from the environment, never from argv.",
  'case "$1" in',
  "  Username*) printf '%s\\n' \"$THIRTY_REPO_USERNAME\" ;;",
  "  *) printf '%s\\n' \"$THIRTY_REPO_PASSWORD\" ;;",
  "esac",
  "",
].join("\n");

function hgrc(credentials: Credentials, ssh: string | null): string {
  const lines = ["[ui]", "interactive = false"];
  if (ssh) lines.push(`ssh = ${ssh}`);
  if (credentials.username !== null) {
    // One line each: a newline would start a new config entry.
    const clean = (value: string | null) => (value ?? "").replace(/[\r\n]/g, "");
    lines.push(
      "[auth]",
      "thirty.prefix = *",
      "thirty.schemes = http https",
      `thirty.username = ${clean(credentials.username)}`,
      `thirty.password = ${clean(credentials.password)}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

export type FetchTools = {
  env: Record<string, string>;
  /** For the sandbox: the files, copied in through pipes. */
  files?: SandboxSpec["files"];
  cleanup: () => Promise<void>;
};

/**
 * The helper files a fetch needs (askpass, hgrc, git config, deploy key) and the environment
 * pointing at them. In a sandbox they live only in its tmpfs; without one (single-tenant,
 * non-root) in a private 0700 dir in memory, removed afterwards.
 */
export async function fetchTools(options: {
  variant: "git" | "mercurial";
  credentials: Credentials;
  sshKey: string | null;
  sandboxed: boolean;
}): Promise<FetchTools> {
  // Without a sandbox: a private dir in memory (/dev/shm) where there is one, removed afterwards.
  const base = existsSync("/dev/shm") ? "/dev/shm" : os.tmpdir();
  const host = options.sandboxed ? null : await mkdtemp(path.join(base, "thirty-fetch-"));
  const dir = host ?? SANDBOX_DIR;
  const at = (name: string) => path.posix.join(dir, name);
  const ssh = options.sshKey
    ? `ssh -i ${at("deploy_key")} -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=accept-new -o UserKnownHostsFile=/dev/null`
    : null;
  const files: { name: string; content: string; mode: number }[] = [
    { name: "askpass", content: ASKPASS, mode: 0o555 },
    // Caches belong to the app's user, local source repositories to others: git would refuse them.
    { name: "gitconfig", content: "[safe]\n\tdirectory = *\n", mode: 0o444 },
    { name: "hgrc", content: hgrc(options.credentials, ssh), mode: 0o444 },
  ];
  if (options.sshKey)
    files.push({
      name: "deploy_key",
      content: options.sshKey.endsWith("\n") ? options.sshKey : `${options.sshKey}\n`,
      // Root owns it inside the sandbox, so ssh accepts a mode the app user can read.
      mode: options.sandboxed ? 0o444 : 0o600,
    });
  const env: Record<string, string> = {
    GIT_TERMINAL_PROMPT: "0",
    // Only transports that move data; "ext::" would run commands.
    GIT_ALLOW_PROTOCOL: "file:git:http:https:ssh",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: at("gitconfig"),
    GIT_ASKPASS: at("askpass"),
    HGPLAIN: "1",
    HGRCPATH: at("hgrc"),
    ...(ssh ? { GIT_SSH_COMMAND: ssh } : {}),
    ...(options.credentials.username !== null
      ? {
          THIRTY_REPO_USERNAME: options.credentials.username,
          THIRTY_REPO_PASSWORD: options.credentials.password ?? "",
        }
      : {}),
  };
  if (!host)
    return {
      env,
      files: files.map((f) => ({ dest: at(f.name), content: f.content, mode: f.mode })),
      cleanup: async () => {},
    };
  for (const file of files) await writeFile(at(file.name), file.content, { mode: file.mode });
  return { env, cleanup: () => rm(host, { recursive: true, force: true }) };
}
