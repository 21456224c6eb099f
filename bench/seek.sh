#!/usr/bin/env bash
# Seek benchmark (issue 6 §4, issue 5 "Performance"): an archive of 7 days x 50 channels of
# keyframe-index entries, synthesised through the real index writer and catalog
# (bench/MicroPvr.BenchTools synth-archive: daily sparse .ts files, a keyframe every 2 s at
# 8 Mbit/s, 15 million index entries), served by the daemon; then random
# `/ts?channel_id&timestamp` requests (time to first byte) and JSON-RPC `get_file_and_offset`
# calls, one new connection each, sequentially: p50/p90/p99/max. Target: p99 < 10 ms.
# There is no reference tool here (nginx cannot seek by time): the target is the reference.
#
# --kinds ts|rpc|ts,rpc (default both, alternating): one kind alone shows its latency without the
# other's work beside it (each /ts request leaves the daemon streaming into the socket buffers
# until it sees the hang-up, which the next request shares the core with).
#
# usage: bench/seek.sh [--smoke] [--channels N] [--days D] [--requests N] [--kinds ts,rpc] [--keep]
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"
bench_init seek "$@"

CHANNELS=50; DAYS=7; REQUESTS=2000; WANT=ts,rpc
if [ "$BENCH_SMOKE" = 1 ]; then CHANNELS=2; DAYS=1; REQUESTS=50; fi
set -- "${BENCH_ARGS[@]+"${BENCH_ARGS[@]}"}"
while [ $# -gt 0 ]; do
  case $1 in
    --channels) CHANNELS=$2; shift ;;
    --days) DAYS=$2; shift ;;
    --requests) REQUESTS=$2; shift ;;
    --kinds) WANT=$2; shift ;;
    *) die "unknown argument $1" ;;
  esac
  shift
done

need_tools ffmpeg:ffmpeg jq:jq
machine_info
tool_versions dotnet ffmpeg
pin_note
note "archive: $CHANNELS channels x $DAYS days, $REQUESTS random requests of each kind"

TOOLS=$(benchtools_dll)
# Every file starts with real PAT/PMT/keyframe bytes (a 2-second H.264/AAC clip); the rest is sparse.
HEAD="$BENCH_TMP/head.ts"
make_ts_fixture "$HEAD" 2 8000 640x360
daemon_prepare "$BENCH_TMP/daemon"
t0=$(date +%s.%N)
synth_archive "$CHANNELS" "$DAYS" "$HEAD" || missing "archive synthesis" "bench/MicroPvr.BenchTools synth-archive failed (index writer or catalog)"
figure seek.synth.seconds "$(calc "$(date +%s.%N) - $t0")" s
note "archive: $ARCHIVE_FROM .. $ARCHIVE_TO ($(du -sh --apparent-size "$DAEMON_RECORDS" | cut -f1) apparent, $(du -sh "$DAEMON_RECORDS" | cut -f1) on disk)"
daemon_launch || missing "micropvr daemon" "$DAEMON_WHY"

# Requests stay a minute away from both ends of the archive. Each kind is tried once first, so
# that what exists is measured even when the other part is not there yet.
FROM=$(( ARCHIVE_FROM + 60 )); TO=$(( ARCHIVE_TO - 60 )); MID=$(( (FROM + TO) / 2 ))
kinds=(); absent=()
# (/ts streams to the end of a day file: read its head, then hang up.)
curl -s -D "$BENCH_TMP/ts.headers" --max-time 10 "http://127.0.0.1:$DAEMON_HTTP_PORT/ts?channel_id=1&timestamp=$MID" 2>/dev/null | head -c 188 >/dev/null || true
code=$(awk 'NR == 1 { print $2 }' "$BENCH_TMP/ts.headers" 2>/dev/null || true)
if [ "$code" = 200 ] || [ "$code" = 206 ]; then kinds+=(ts); else absent+=("micropvr /ts delivery: GET /ts?channel_id=1&timestamp=$MID answered ${code:-nothing}"); fi
answer=$(jsonrpc "$DAEMON_RPC_PORT" get_file_and_offset "{\"channel_id\":1,\"timestamp\":$MID}" || true)
if jsonrpc_ok "$answer"; then kinds+=(rpc); else absent+=("micropvr get_file_and_offset: answered '${answer:-nothing}'"); fi
if [ ${#kinds[@]} -eq 0 ]; then
  note "${absent[1]}"
  missing "${absent[0]%%:*}" "${absent[0]#*: }"
fi
chosen=()
for k in "${kinds[@]}"; do case ",$WANT," in *",$k,"*) chosen+=("$k") ;; esac; done
[ ${#chosen[@]} -gt 0 ] || die "--kinds $WANT: not served by this daemon (served: ${kinds[*]})"
kinds=("${chosen[@]}")

note "probe: taskset -c $GEN_CPU dotnet MicroPvr.BenchTools.dll seek-probe --count $REQUESTS --kinds $(IFS=,; echo "${kinds[*]}") (sequential, new connection per request)"
set +e
"${ON_GEN[@]}" dotnet "$TOOLS" seek-probe --http-port "$DAEMON_HTTP_PORT" --rpc-port "$DAEMON_RPC_PORT" \
  --channels "$CHANNELS" --from "$FROM" --to "$TO" --count "$REQUESTS" --kinds "$(IFS=,; echo "${kinds[*]}")" \
  >"$BENCH_TMP/probe.out" 2>&1
rc=$?
set -e
cat "$BENCH_TMP/probe.out"
[ $rc -eq 0 ] || die "seek-probe failed: $(tail -3 "$BENCH_TMP/probe.out")"
note "target (issue 5): /ts time to first byte p99 < 10 ms"
[ ${#absent[@]} -eq 0 ] || missing "${absent[0]%%:*}" "${absent[0]#*: }"
note "done"
