#!/usr/bin/env bash
# Playlist benchmark (issue 6 §5, issue 5 "A 4-hour byte-range playlist generated in under 5 ms"):
# over the same synthetic archive as bench/seek.sh (real index writer and catalog), HLS
# byte-range playlists of 2-hour, 4-hour and 24-hour windows through the compat URL
# `/pvr/playlist?channel_id&start_timestamp&end_timestamp&type=0` (a redirect, compat spec §6)
# and the playlist it points at. Per window: the time of the redirecting request (where the
# playlist is made), the time to fetch it, its size and segment count. Random channels and
# start times, so that no two requests ask for the same playlist.
#
# usage: bench/playlists.sh [--smoke] [--channels N] [--days D] [--requests N] [--keep]
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"
bench_init playlists "$@"

CHANNELS=50; DAYS=7; REQUESTS=20; WINDOWS=(2 4 24)
if [ "$BENCH_SMOKE" = 1 ]; then CHANNELS=2; DAYS=2; REQUESTS=3; fi
set -- "${BENCH_ARGS[@]+"${BENCH_ARGS[@]}"}"
while [ $# -gt 0 ]; do
  case $1 in
    --channels) CHANNELS=$2; shift ;;
    --days) DAYS=$2; shift ;;
    --requests) REQUESTS=$2; shift ;;
    *) die "unknown argument $1" ;;
  esac
  shift
done

need_tools ffmpeg:ffmpeg curl:curl jq:jq
machine_info
tool_versions dotnet curl
note "archive: $CHANNELS channels x $DAYS days; $REQUESTS playlists per window (${WINDOWS[*]} h)"

HEAD="$BENCH_TMP/head.ts"
make_ts_fixture "$HEAD" 2 8000 640x360
daemon_prepare "$BENCH_TMP/daemon"
synth_archive "$CHANNELS" "$DAYS" "$HEAD" || missing "archive synthesis" "bench/MicroPvr.BenchTools synth-archive failed (index writer or catalog)"
daemon_launch || missing "micropvr daemon" "$DAEMON_WHY"
BASE="http://127.0.0.1:$DAEMON_HTTP_PORT"

# p50 and max of a list of numbers on stdin.
p50() { sort -g | awk '{ v[NR] = $1 } END { printf "%.6g", v[int((NR + 1) / 2)] }'; }
pmax() { sort -g | tail -1; }

for hours in "${WINDOWS[@]}"; do
  span=$(( hours * 3600 ))
  : >"$BENCH_TMP/gen.ms"; : >"$BENCH_TMP/fetch.ms"; : >"$BENCH_TMP/size"; : >"$BENCH_TMP/segments"
  for (( i = 0; i < REQUESTS; i++ )); do
    channel=$(( 1 + RANDOM % CHANNELS ))
    start=$(( ARCHIVE_FROM + 60 + (RANDOM * 32768 + RANDOM) % (ARCHIVE_TO - ARCHIVE_FROM - span - 120) ))
    url="$BASE/pvr/playlist?channel_id=$channel&start_timestamp=$start&end_timestamp=$(( start + span ))&type=0"
    read -r code gen location < <(curl -s -o /dev/null -w '%{http_code} %{time_total} %{redirect_url}\n' --max-time 30 "$url")
    case $code in 301|302|303|307|308) ;; *) missing "micropvr /pvr/playlist" "GET $url answered $code, not a redirect" ;; esac
    read -r code2 fetch size < <(curl -s -o "$BENCH_TMP/playlist.m3u8" -w '%{http_code} %{time_total} %{size_download}\n' --max-time 30 "$location")
    [ "$code2" = 200 ] || missing "micropvr playlist files" "GET $location answered $code2"
    grep -q '^#EXTM3U' "$BENCH_TMP/playlist.m3u8" || missing "micropvr playlist files" "$location is not an HLS playlist"
    calc "$gen * 1000" >>"$BENCH_TMP/gen.ms"; echo >>"$BENCH_TMP/gen.ms"
    calc "$fetch * 1000" >>"$BENCH_TMP/fetch.ms"; echo >>"$BENCH_TMP/fetch.ms"
    echo "$size" >>"$BENCH_TMP/size"
    grep -c '^#EXTINF' "$BENCH_TMP/playlist.m3u8" >>"$BENCH_TMP/segments" || echo 0 >>"$BENCH_TMP/segments"
  done
  note "${hours} h: e.g. $url -> $location"
  figure "playlists.${hours}h.generate.p50" "$(p50 <"$BENCH_TMP/gen.ms")" ms
  figure "playlists.${hours}h.generate.max" "$(pmax <"$BENCH_TMP/gen.ms")" ms
  figure "playlists.${hours}h.fetch.p50" "$(p50 <"$BENCH_TMP/fetch.ms")" ms
  figure "playlists.${hours}h.size" "$(p50 <"$BENCH_TMP/size")" bytes
  figure "playlists.${hours}h.segments" "$(p50 <"$BENCH_TMP/segments")" segments
done
note "times are curl's time_total of each request over loopback (connection included)"
note "target (issue 5): a 4-hour byte-range playlist generated in under 5 ms"
note "done"
