#!/usr/bin/env bash
# Builds the web UI (web/dist) and the dangjian binary (build/dangjian), which embeds the UI.
set -euo pipefail
cd "$(dirname "$0")/.."
newest_src=$(find web/src web/index.html web/vite.config.js web/package-lock.json -newer web/dist/index.html 2>/dev/null | head -n 1 || true)
if [ ! -f web/dist/index.html ] || [ -n "$newest_src" ]; then
  echo "build: web UI"
  (cd web && npm run build --silent >/dev/null)
fi
[ -f build/build.ninja ] || meson setup build --buildtype=release -Db_ndebug=true >/dev/null
# Quiet when it works; the compiler's messages when it does not.
ninja -C build >build/ninja.log 2>&1 || { cat build/ninja.log; echo "build: FAILED" >&2; exit 1; }
echo "build: build/dangjian ready"
