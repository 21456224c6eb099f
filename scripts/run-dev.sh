#!/usr/bin/env bash
# Runs the daemon for development: Release build, config/micropvr.dev.conf, everything under
# ./.dev/ (data, logs, links, records), no root needed. HTTP on 127.0.0.1:8080, JSON-RPC on
# 127.0.0.1:4089, a demo channel recorded from a bundled fixture. Ctrl-C stops it cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
mkdir -p .dev
dotnet build src/MicroPvr.Server/MicroPvr.Server.csproj -c Release -nologo -v quiet
exec dotnet src/MicroPvr.Server/bin/Release/net10.0/micropvr.dll --config config/micropvr.dev.conf "$@"
