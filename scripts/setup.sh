#!/usr/bin/env bash
# Installs what is missing on Debian 12: the C toolchain and libraries (apt-get), Node.js, Chromium
# for the browser tests, and the npm packages of the web UI and the tests. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

pkgs=(build-essential meson ninja-build pkg-config python3 clang libclang-rt-14-dev
      libmicrohttpd-dev libjansson-dev libsqlite3-dev libsodium-dev libxlsxwriter-dev libqrencode-dev
      libcmocka-dev libpq-dev libssl-dev sqlite3 postgresql nginx-light openssl curl wrk)
[ "${DJ_SKIP_BROWSER:-}" = 1 ] || pkgs+=(chromium fonts-wqy-microhei)
[ "${DJ_SKIP_SQLMAP:-}" = 1 ] || pkgs+=(sqlmap)
command -v node >/dev/null 2>&1 || pkgs+=(nodejs)
command -v npm >/dev/null 2>&1 || pkgs+=(npm)

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Node.js: Debian 12's own nodejs (18.20.4) is enough. The lockfiles pin versions that run on it:
# @redocly/cli 1.34.x (tests/http, needs >= 18.17.0; 2.x needs 20.19; its jsep is held at 1.4.0, as
# 1.6 declares >= 20.16), playwright-core 1.61.x (tests/browser; 1.62 and later refuse Node 18),
# Vite 5 (web). A newer Node (20, 22) works too.
node_min=18.17.0
command -v node >/dev/null 2>&1 || { echo "setup: node not found after installing nodejs" >&2; exit 1; }
command -v npm >/dev/null 2>&1 || { echo "setup: npm not found after installing npm" >&2; exit 1; }
node_ver=$(node -p 'process.versions.node' 2>/dev/null) || { echo "setup: $(command -v node) does not run" >&2; exit 1; }
echo "setup: node v$node_ver ($(command -v node)), npm $(npm -v 2>/dev/null || echo unknown)"
if [ "$(printf '%s\n' "$node_min" "$node_ver" | sort -V | head -n 1)" != "$node_min" ]; then
  echo "setup: node v$node_ver is older than v$node_min, which the pinned npm packages need" \
       "(web/, tests/http, tests/browser): install Debian 12's nodejs (apt-get install nodejs npm)" \
       "or a newer Node.js first, with it first on PATH" >&2
  exit 1
fi

# npm packages, from the lockfiles, only when they changed.
for dir in web tests/http tests/browser; do
  [ -f "$dir/package.json" ] || continue
  stamp="$dir/node_modules/.dj-lock-stamp"
  lock="$dir/package-lock.json"
  if [ ! -f "$stamp" ] || ! cmp -s "$lock" "$stamp"; then
    echo "setup: npm packages in $dir"
    # npm ci, as the lockfile says; npm 11 refuses some lockfiles with platform-specific optional
    # packages (rollup's), and then npm install, which keeps to the lockfile's versions, does it.
    # The registry sometimes stalls a download (EIDLETIMEOUT): npm retries each fetch, and the
    # whole step is tried three times before setup gives up.
    net=(--no-audit --no-fund --fetch-retries=5 --fetch-retry-mintimeout=2000 --fetch-retry-maxtimeout=30000)
    ok=0
    for attempt in 1 2 3; do
      if (cd "$dir" && { npm ci "${net[@]}" --loglevel=silent >/dev/null 2>&1 ||
                         npm install "${net[@]}" --loglevel=error; }); then
        ok=1
        break
      fi
      echo "setup: npm in $dir failed (attempt $attempt of 3)" >&2
      sleep $((attempt * 10))
    done
    [ "$ok" = 1 ] || { echo "setup: could not install the npm packages of $dir" >&2; exit 1; }
    cp "$lock" "$stamp"
  fi
done
