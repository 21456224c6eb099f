#!/usr/bin/env bash
# Installs what the tests and the demo need on a fresh Debian 12 machine (idempotent).
# The .NET 10 SDK is expected on PATH (see README).
set -euo pipefail
need=()
# ffmpeg/ffprobe: fixtures and reference client; nc (netcat-openbsd, "optional" priority in
# Debian 12, so absent on a minimal machine): the API conformance test calls the real nc as
# operators' scripts do; socat, jq and curl: the bench smoke tests
# (ingest, delivery, playlists). nginx and wrk are optional there (delivery.sh measures our side
# without them), so the suite does not install them; a full bench run installs them itself.
for tool in ffmpeg:ffmpeg ffprobe:ffmpeg nc:netcat-openbsd socat:socat jq:jq curl:curl; do
  cmd=${tool%%:*}; pkg=${tool##*:}
  command -v "$cmd" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  echo "install-deps: installing ${need[*]}"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
fi
command -v dotnet >/dev/null 2>&1 || { echo "install-deps: the .NET 10 SDK (dotnet) is required" >&2; exit 1; }
