#!/usr/bin/env bash
# The whole test suite: unit, integration and end-to-end (real daemon, ffmpeg, ffprobe on loopback).
# Extra arguments go to `dotnet test` (e.g. --filter FullyQualifiedName~Media).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
dotnet build MicroPvr.slnx -c Release
log=$(mktemp)
set +e
dotnet test MicroPvr.slnx -c Release --no-build "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
# One plain closing line for CI, summed over the test projects: "N passed, N failed, N skipped".
awk '/(Passed|Failed)! +- +Failed:/ {
       for (i = 1; i <= NF; i++) {
         v = $(i + 1); gsub(/,/, "", v)
         if ($i == "Failed:") f += v; else if ($i == "Passed:") p += v; else if ($i == "Skipped:") s += v
       }
     }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit "$rc"
