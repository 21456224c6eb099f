#!/usr/bin/env bash
# The whole test suite: unit, integration and end-to-end (real daemon, ffmpeg, ffprobe on loopback).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
dotnet build MicroPvr.slnx -c Release
results=$(mktemp -d)
set +e
dotnet test MicroPvr.slnx -c Release --no-build --logger "trx" --results-directory "$results" "$@"
rc=$?
set -e
# One plain closing line for CI: "N passed, N failed".
python3 - "$results" <<'PY' || true
import sys, glob, xml.etree.ElementTree as ET
p = f = s = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(path).getroot().find(".//{*}Counters")
    if c is None: continue
    p += int(c.get("passed", 0)); f += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0))
    s += int(c.get("notExecuted", 0))
print(f"{p} passed, {f} failed, {s} skipped")
PY
rm -rf "$results"
exit $rc
