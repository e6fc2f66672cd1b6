#!/usr/bin/env bash
# Runs every libFuzzer target for 10 minutes (FUZZ_SECONDS overrides). See tests/fuzz/run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZ_SECONDS="${FUZZ_SECONDS:-600}" exec bash tests/fuzz/run.sh
