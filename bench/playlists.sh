#!/usr/bin/env bash
# Playlist benchmark (issue 6 §5, issue 5 "A 4-hour byte-range playlist generated in under 5 ms"),
# in two parts:
#  1. BenchmarkDotNet (bench/MicroPvr.Benchmarks, MemoryDiagnoser, in-process): the playlist
#     writer (PlaylistBenchmarks: plan + write, write alone, for 2 h, 4 h and 24 h windows that
#     cross a daily record boundary) and the index lookups behind it and behind /ts
#     (IndexLookupBenchmarks: a day's binary search loaded and in place, a whole seek, a day's
#     index opened in place as the daemon's cache does on a miss, and loaded into memory as the
#     CLI tools do), and the sliding live playlist's window (LivePlaylistBenchmarks: its slot walk
#     over a whole hour, the worst case), over an archive written by the real index writer and catalog.
#  2. Over HTTP, when the daemon serves it: on the same kind of synthetic archive as
#     bench/seek.sh, `/pvr/playlist?channel_id&start_timestamp&end_timestamp&type=0` (a redirect,
#     compat spec §6) and the `/pvr/<nick>/pl_c….m3u8` playlist it points at, generated on
#     request. Per window: the time of the playlist request, its size and segment count. Random
#     channels and start times, so that no two requests ask for the same playlist.
#
# usage: bench/playlists.sh [--smoke] [--channels N] [--days D] [--requests N] [--no-bdn] [--quick-bdn] [--keep]
#   --quick-bdn: only the plan-and-write, live-window and index-lookup cases, 5 warm-ups (bench/run-all's quick variant)
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"
bench_init playlists "$@"

CHANNELS=50; DAYS=7; REQUESTS=20; WINDOWS=(2 4 24); BDN=1
# BenchmarkDotNet: a short job with enough warm-up for tier-1 JIT on a loaded machine (see
# docs/performance.md, Demux); a smoke run does one dry pass of the plan-and-write case.
BDN_ARGS=(--filter '*PlaylistBenchmarks*' '*IndexLookupBenchmarks*' --job short --warmupCount 15)
if [ "$BENCH_SMOKE" = 1 ]; then
  CHANNELS=2; DAYS=2; REQUESTS=3
  BDN_ARGS=(--filter '*PlaylistBenchmarks.PlanAndWrite*' --job dry)
fi
set -- "${BENCH_ARGS[@]+"${BENCH_ARGS[@]}"}"
while [ $# -gt 0 ]; do
  case $1 in
    --channels) CHANNELS=$2; shift ;;
    --days) DAYS=$2; shift ;;
    --requests) REQUESTS=$2; shift ;;
    --no-bdn) BDN=0 ;;
    --quick-bdn) BDN_ARGS=(--filter '*PlaylistBenchmarks.PlanAndWrite*' '*LivePlaylistBenchmarks*' '*IndexLookupBenchmarks*' --job short --warmupCount 5) ;;
    *) die "unknown argument $1" ;;
  esac
  shift
done

need_tools ffmpeg:ffmpeg curl:curl jq:jq
machine_info
tool_versions dotnet curl
note "archive: $CHANNELS channels x $DAYS days; $REQUESTS playlists per window (${WINDOWS[*]} h)"

# --- 1. BenchmarkDotNet ---------------------------------------------------------------------
# benchmarks_dll: BENCHMARKS_DLL, or a Release build of bench/MicroPvr.Benchmarks.
benchmarks_dll() {
  if [ -n "${BENCHMARKS_DLL:-}" ]; then echo "$BENCHMARKS_DLL"; return; fi
  dotnet build "$BENCH_DIR/MicroPvr.Benchmarks/MicroPvr.Benchmarks.csproj" -c Release -v q -nologo >"$BENCH_TMP/build-benchmarks.log" 2>&1 \
    || { cat "$BENCH_TMP/build-benchmarks.log" >&2; die "building bench/MicroPvr.Benchmarks failed"; }
  echo "$BENCH_DIR/MicroPvr.Benchmarks/bin/Release/net10.0/MicroPvr.Benchmarks.dll"
}

# bdn_figures REPORT.json: one figure per benchmark case (mean and median time, bytes allocated).
bdn_figures() {
  # "-" for a case without parameters: read would merge two tabs (IFS whitespace) and shift the fields.
  local failed
  # A case that threw has no statistics (BenchmarkDotNet still exits 0): that is a failure, not a figure.
  failed=$(jq '[.Benchmarks[] | select(.Statistics == null)] | length' "$1")
  [ "$failed" = 0 ] || die "BenchmarkDotNet: $failed case(s) of $(basename "$1") failed (no statistics): see the log with --keep"
  jq -r '.Benchmarks[] | [(.Type | sub("Benchmarks$"; "") | ascii_downcase), .Method, (if (.Parameters // "") == "" then "-" else .Parameters end),
      .Statistics.Mean, .Statistics.Median, (.Memory.BytesAllocatedPerOperation // 0)] | @tsv' "$1" |
  while IFS=$'\t' read -r type method params mean median alloc; do
    local name="playlists.bdn.$type.$(tr 'A-Z' 'a-z' <<<"$method")"
    [ "$params" != - ] && name+=".$(sed -E 's/^Hours=([0-9]+)$/\1h/; s/[^A-Za-z0-9]+/_/g' <<<"$params")"
    figure "$name.mean" "$(calc "$mean / 1000000")" ms
    figure "$name.median" "$(calc "$median / 1000000")" ms
    figure "$name.allocated" "$alloc" bytes
  done
}

if [ "$BDN" = 1 ]; then
  BDN_DLL=$(benchmarks_dll)
  note "BenchmarkDotNet: taskset -c $SUT_CPU dotnet MicroPvr.Benchmarks.dll ${BDN_ARGS[*]} --inProcess --exporters json"
  set +e
  "${ON_SUT[@]}" timeout 900 dotnet "$BDN_DLL" "${BDN_ARGS[@]}" --inProcess --exporters json \
    --artifacts "$BENCH_TMP/bdn" >"$BENCH_TMP/bdn.log" 2>&1
  rc=$?
  set -e
  [ $rc -eq 0 ] || { tail -30 "$BENCH_TMP/bdn.log" >&2; die "BenchmarkDotNet failed (exit $rc)"; }
  grep -E '^\|' "$BENCH_TMP/bdn.log" | sed 's/^/# /' || true
  reports=("$BENCH_TMP"/bdn/results/*-report-full*.json)
  [ -e "${reports[0]}" ] || die "BenchmarkDotNet wrote no JSON report: $(tail -5 "$BENCH_TMP/bdn.log")"
  for report in "${reports[@]}"; do bdn_figures "$report"; done
  # Size and segment count: printed by the benchmark's setup (BenchmarkDotNet measures time only).
  grep -E '^// playlist [0-9]+ h:' "$BENCH_TMP/bdn.log" | sort -u | while read -r _ _ hours _ bytes _ segments _; do
    figure "playlists.bdn.${hours}h.size" "$bytes" bytes
    figure "playlists.bdn.${hours}h.segments" "$segments" segments
  done
fi

# --- 2. over HTTP ------------------------------------------------------------------------------
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
  : >"$BENCH_TMP/gen.ms"; : >"$BENCH_TMP/fetch.ms"; : >"$BENCH_TMP/size"; : >"$BENCH_TMP/segments"; : >"$BENCH_TMP/floor.ms"
  for (( i = 0; i < REQUESTS; i++ )); do
    # The floor: a request the daemon answers without any work (400 before any lookup), with a
    # new connection like the others: what curl, loopback and Kestrel cost on this machine now.
    read -r code0 floor < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --max-time 30 "$BASE/pvr/playlist?channel_id=x")
    [ "$code0" = 400 ] || missing "micropvr /pvr/playlist" "GET /pvr/playlist?channel_id=x answered $code0, not 400"
    calc "$floor * 1000" >>"$BENCH_TMP/floor.ms"; echo >>"$BENCH_TMP/floor.ms"
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
  figure "playlists.${hours}h.floor.p50" "$(p50 <"$BENCH_TMP/floor.ms")" ms
  figure "playlists.${hours}h.redirect.p50" "$(p50 <"$BENCH_TMP/gen.ms")" ms
  figure "playlists.${hours}h.redirect.max" "$(pmax <"$BENCH_TMP/gen.ms")" ms
  figure "playlists.${hours}h.playlist.p50" "$(p50 <"$BENCH_TMP/fetch.ms")" ms
  figure "playlists.${hours}h.playlist.max" "$(pmax <"$BENCH_TMP/fetch.ms")" ms
  figure "playlists.${hours}h.size" "$(p50 <"$BENCH_TMP/size")" bytes
  figure "playlists.${hours}h.segments" "$(p50 <"$BENCH_TMP/segments")" segments
done
note "times are curl's time_total of each request over loopback, a new connection each: the redirect"
note "(get_playlist_name's lookup) and the playlist request (the playlist is generated then); the floor is"
note "a 400 answered before any lookup (/pvr/playlist?channel_id=x), the HTTP exchange alone"
note "target (issue 5): a 4-hour byte-range playlist generated in under 5 ms"
note "done"
