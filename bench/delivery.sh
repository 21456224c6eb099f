#!/usr/bin/env bash
# Delivery benchmark (issue 6 §3): the same recorded files served by nginx (Debian nginx-light,
# sendfile on, one worker, config generated here) and by MicroPVR (`/pvr/<nick>/<file>` and
# `/ts?channel_id&timestamp`, and the player URLs players fetch most: `/CH/seg-RECORD-0-LENGTH.ts`,
# the record as one HLS segment, and `/CH/timeshift_abs-FROM.ts`), loaded with wrk at 10, 100 and 1000 connections. Throughput,
# server CPU seconds per GB (utime+stime of the server processes during the load) and ratios.
# The record is made by the daemon itself: ffmpeg sends a multicast channel, a JSON-RPC task
# records it for a few seconds, then the task is cancelled and the finished file is served.
#
# wrk is the load generator (one thread, pinned to the generator core). Without wrk (a smoke run
# installs nothing) the script loads the servers with bench/MicroPvr.BenchTools http-load instead
# and says so; without nginx it measures our side alone and prints no ratio.
#
# usage: bench/delivery.sh [--smoke] [--seconds S] [--record-seconds S] [--mbits B] [--levels "10 100 1000"]
#        [--no-wrk] [--no-nginx] [--no-warmup] [--no-sendfile] [--keep]     (--no-wrk/--no-nginx: behave as if that
#        tool were not installed; --no-warmup: measure from the first request, JIT compile time included;
#        --no-sendfile: the daemon with http-sendfile false, every URL through Kestrel's copy path)
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"
bench_init delivery "$@"

NO_WRK=0; NO_NGINX=0; WARMUP=1; SENDFILE=true
SECONDS_PER_RUN=5; RECORD_SECONDS=15; MBITS=8; LEVELS=(10 100 1000); SIZE=640x360
if [ "$BENCH_SMOKE" = 1 ]; then SECONDS_PER_RUN=1; RECORD_SECONDS=4; MBITS=2; LEVELS=(10 100); SIZE=320x180; WARMUP=0; fi
set -- "${BENCH_ARGS[@]+"${BENCH_ARGS[@]}"}"
while [ $# -gt 0 ]; do
  case $1 in
    --seconds) SECONDS_PER_RUN=$2; shift ;;
    --record-seconds) RECORD_SECONDS=$2; shift ;;
    --mbits) MBITS=$2; shift ;;
    --levels) read -r -a LEVELS <<<"$2"; shift ;;
    --no-wrk) NO_WRK=1 ;;
    --no-nginx) NO_NGINX=1 ;;
    --no-warmup) WARMUP=0 ;;
    --no-sendfile) SENDFILE=false ;;
    *) die "unknown argument $1" ;;
  esac
  shift
done

need_tools ffmpeg:ffmpeg curl:curl jq:jq
# The references: installed on demand by a full run, optional in a smoke run.
[ "$BENCH_SMOKE" = 1 ] || [ $NO_WRK = 1 ] || need_tools wrk:wrk
[ "$BENCH_SMOKE" = 1 ] || [ $NO_NGINX = 1 ] || need_tools nginx:nginx-light
PATH=$PATH:/usr/sbin
# Many connections: raise the open-file limit of this shell and of everything it starts.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
machine_info
HAVE_WRK=0; [ $NO_WRK = 0 ] && have_tool wrk && HAVE_WRK=1
HAVE_NGINX=0; [ $NO_NGINX = 0 ] && have_tool nginx && HAVE_NGINX=1
versions=(ffmpeg dotnet); [ $HAVE_WRK = 1 ] && versions+=(wrk); [ $HAVE_NGINX = 1 ] && versions+=(nginx)
tool_versions "${versions[@]}"
pin_note
if [ $HAVE_WRK = 1 ]; then
  note "open-file limit: $(ulimit -n); load: wrk, 1 thread, ${SECONDS_PER_RUN} s per run at ${LEVELS[*]} connections, whole-file GETs on keep-alive connections"
  [ "$WARMUP" = 1 ] && note "warm-up: one unmeasured ${SECONDS_PER_RUN} s run at ${LEVELS[0]} connections per server and URL before its measured runs"
else
  TOOLS=$(benchtools_dll)
  note "wrk is not installed: load from MicroPvr.BenchTools http-load (HttpClient, keep-alive), ${SECONDS_PER_RUN} s per run at ${LEVELS[*]} connections; its throughput is a floor, not a wrk figure"
fi
[ $HAVE_NGINX = 1 ] || note "nginx is not installed: MicroPVR is measured alone, no ratio is printed"

# --- a real record, made by the daemon -----------------------------------------------------
FIXTURE="$BENCH_TMP/source.ts"
make_ts_fixture "$FIXTURE" 4 $(( MBITS * 1000 )) "$SIZE"
daemon_prepare "$BENCH_TMP/daemon"
jq --argjson on "$SENDFILE" '. + {"http-sendfile": $on}' "$DAEMON_DIR/micropvr.conf" >"$DAEMON_DIR/micropvr.conf.new" && mv "$DAEMON_DIR/micropvr.conf.new" "$DAEMON_DIR/micropvr.conf"
note "daemon: http-sendfile $SENDFILE"
daemon_launch "$SUT_CPU" || missing "micropvr daemon" "$DAEMON_WHY"
GROUP="$(random_group_prefix).1:$(( 20000 + RANDOM % 30000 ))"
send_multicast "$FIXTURE" $(( MBITS * 1000 )) 1 "$GROUP"
send_multicast_note
daemon_add_task 1 "udp://@$GROUP?localaddr=127.0.0.1" || missing "json-rpc create_new_task" "$DAEMON_WHY"
daemon_wait_records 1 30 || missing "micropvr recording engine" "$DAEMON_WHY"
note "recording channel 1 at $MBITS Mbit/s for $RECORD_SECONDS s"
sleep "$RECORD_SECONDS"
answer=$(jsonrpc "$DAEMON_RPC_PORT" cancel_task "$(jq -cn --arg loc "$DAEMON_RECORDS" '{channel_id: 1, record_location: $loc}')")
jsonrpc_ok "$answer" || missing "json-rpc cancel_task" "answered '$answer'"
stop_pids "${SENDER_PIDS[@]}"
RECORD=$(find "$DAEMON_RECORDS" -name '*.ts' -size +0 | head -1)
# Wait until the recorder has closed the file (its size stops moving).
prev=-1
for _ in $(seq 1 20); do size=$(file_size "$RECORD"); [ "$size" = "$prev" ] && break; prev=$size; sleep 0.5; done
REL=${RECORD#"$DAEMON_RECORDS"/}
START=$(basename "$RECORD" | sed -E 's/^c[0-9]+_t([0-9]+)_.*/\1/')
note "record: $REL, $(file_size "$RECORD") bytes, start $START"
NICK=$(daemon_link_nick) || missing "records-link-dir links" "no link in $DAEMON_LINK_DIR points at $DAEMON_RECORDS"

# --- nginx on the same files -----------------------------------------------------------------
start_nginx() {
  NGINX_DIR="$BENCH_TMP/nginx"; mkdir -p "$NGINX_DIR/tmp"
  NGINX_PORT=$(free_port)
  local user=""
  [ "$(id -u)" = 0 ] && user="user $(id -un) $(id -gn);"
  # Its own prefix, pid file, logs and temp paths: the system nginx (service, /etc/nginx) is never touched.
  cat >"$NGINX_DIR/nginx.conf" <<EOF
$user
worker_processes 1;
pid $NGINX_DIR/nginx.pid;
error_log $NGINX_DIR/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  default_type video/mp2t;
  client_body_temp_path $NGINX_DIR/tmp/body;
  proxy_temp_path $NGINX_DIR/tmp/proxy;
  fastcgi_temp_path $NGINX_DIR/tmp/fastcgi;
  uwsgi_temp_path $NGINX_DIR/tmp/uwsgi;
  scgi_temp_path $NGINX_DIR/tmp/scgi;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $DAEMON_RECORDS;
  }
}
EOF
  "${ON_SUT[@]}" nginx -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" -g 'daemon off;' >"$NGINX_DIR/stdout.log" 2>&1 &
  NGINX_PID=$!
  track "$NGINX_PID"
  wait_port "$NGINX_PORT" 15 "$NGINX_PID" || die "nginx did not start: $(cat "$NGINX_DIR/error.log" "$NGINX_DIR/stdout.log" 2>/dev/null | tail -3)"
  note "nginx: taskset -c $SUT_CPU nginx -p $NGINX_DIR -c nginx.conf -g 'daemon off;' (worker_processes 1, sendfile on, tcp_nopush on, access_log off, on 127.0.0.1)"
}

server_pids() {  # the server process and its children (nginx: master + worker), from /proc (procps may be absent)
  echo "$1"
  cat /proc/"$1"/task/*/children 2>/dev/null | tr ' ' '\n' | grep -E '^[0-9]+$' || true
}

# --- the load --------------------------------------------------------------------------------
cat >"$BENCH_TMP/report.lua" <<'EOF'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK bytes %d us %d requests %d errors %d\n", summary.bytes, summary.duration,
    summary.requests, e.connect + e.read + e.write + e.status + e.timeout))
end
EOF

# generate CONNECTIONS URL: one bounded load run; prints "WRK bytes N us N requests N errors N"
# and then the generator's own CPU seconds (from `times` in the same subshell).
generate() {
  local c=$1 url=$2
  # `times` in the subshell that ran the generator: its second line is the generator's CPU.
  if [ $HAVE_WRK = 1 ]; then
    ( "${ON_GEN[@]}" timeout $(( SECONDS_PER_RUN + 30 )) wrk -t1 -c"$c" -d"${SECONDS_PER_RUN}s" --timeout 10s \
        -s "$BENCH_TMP/report.lua" "$url" 2>&1 | awk '/^WRK/'
      times >"$BENCH_TMP/generator.times" )
  else
    ( "${ON_GEN[@]}" timeout $(( SECONDS_PER_RUN + 120 )) dotnet "$TOOLS" http-load --url "$url" --connections "$c" \
        --seconds "$SECONDS_PER_RUN" 2>&1 | awk '/^WRK/'
      times >"$BENCH_TMP/generator.times" )
  fi
  echo "GENCPU $(children_cpu_seconds "$(cat "$BENCH_TMP/generator.times")")"
}

# load NAME URL PID: the load at every level; figures per level.
declare -A RATE CPUGB
load() {
  local name=$1 url=$2 pid=$3 c out bytes us reqs errs t0 t1 pids code gencpu
  code=$(curl -s -o /dev/null -w '%{http_code} %{size_download}' --max-time 30 "$url") || true
  note "$name: GET $url -> $code bytes"
  [ "${code%% *}" = 200 ] || return 1
  mapfile -t pids < <(server_pids "$pid")
  # Warm-up (not measured), the same for every server: the .NET JIT compiles and re-compiles
  # (tiered PGO) the hot path during its first seconds of load, a one-off cost of a process that
  # then runs for days. Without it the first level pays that compile time (docs/performance.md).
  [ "$WARMUP" = 1 ] && generate "${LEVELS[0]}" "$url" >/dev/null
  for c in "${LEVELS[@]}"; do
    t0=$(cpu_ticks "${pids[@]}")
    out=$(generate "$c" "$url")
    t1=$(cpu_ticks "${pids[@]}")
    read -r _ _ bytes _ us _ reqs _ errs <<<"$(grep '^WRK' <<<"$out")"
    gencpu=$(awk '/^GENCPU/ { print $2 }' <<<"$out")
    [ -n "${bytes:-}" ] && [ "${us:-0}" -gt 0 ] || die "$name at $c connections: the load generator printed no summary"
    local gbps cpu_s cpu_per_gb
    cpu_s=$(ticks_to_seconds $(( t1 - t0 )))
    gbps=$(calc "$bytes * 8 / $us / 1000")
    cpu_per_gb=$(ratio "$cpu_s" "$(calc "$bytes / 1000000000")")
    figure "delivery.$name.c$c.throughput" "$gbps" Gbit/s
    figure "delivery.$name.c$c.requests" "$reqs" requests
    figure "delivery.$name.c$c.errors" "$errs" errors
    figure "delivery.$name.c$c.cpu_per_gb" "$cpu_per_gb" s/GB
    # Cores used over the window: a generator near 1 (or a server near its share of the shared
    # core) is what limited that run; CPU per GB is the comparison that does not depend on it.
    figure "delivery.$name.c$c.server_cores" "$(calc "$cpu_s * 1000000 / $us")" cores
    figure "delivery.$name.c$c.generator_cores" "$(calc "$gencpu * 1000000 / $us")" cores
    RATE[$name.$c]=$gbps; CPUGB[$name.$c]=$cpu_per_gb
  done
}

if [ $HAVE_NGINX = 1 ]; then
  start_nginx
  load nginx "http://127.0.0.1:$NGINX_PORT/$REL" "$NGINX_PID" || die "nginx did not serve $REL"
  stop_pids "$NGINX_PID"
fi
load micropvr_pvr "http://127.0.0.1:$DAEMON_HTTP_PORT/pvr/$NICK/$REL" "$DAEMON_PID" \
  || missing "micropvr /pvr delivery" "GET /pvr/$NICK/$REL did not answer 200"
load micropvr_ts "http://127.0.0.1:$DAEMON_HTTP_PORT/ts?channel_id=1&timestamp=$(( START + 1 ))" "$DAEMON_PID" \
  || missing "micropvr /ts delivery" "GET /ts?channel_id=1&timestamp=$(( START + 1 )) did not answer 200"
# The record as one player segment (its id from a player playlist of the same record) and as timeshift_abs.
SEG_ID=$(curl -s --max-time 30 "http://127.0.0.1:$DAEMON_HTTP_PORT/1/archive-$START-3600.m3u8" | sed -nE 's/^seg-([0-9]+)-.*/\1/p' | head -1)
[ -n "$SEG_ID" ] || missing "micropvr player playlist" "/1/archive-$START-3600.m3u8 listed no segment"
load micropvr_seg "http://127.0.0.1:$DAEMON_HTTP_PORT/1/seg-$SEG_ID-0-$(( $(file_size "$RECORD") / 188 * 188 )).ts" "$DAEMON_PID" \
  || missing "micropvr player segment delivery" "GET /1/seg-$SEG_ID-0-... did not answer 200"
load micropvr_tsabs "http://127.0.0.1:$DAEMON_HTTP_PORT/1/timeshift_abs-$(( START + 1 )).ts" "$DAEMON_PID" \
  || missing "micropvr player timeshift delivery" "GET /1/timeshift_abs-$(( START + 1 )).ts did not answer 200"

[ $HAVE_NGINX = 1 ] || { note "done (no nginx: no ratios)"; exit 0; }
for c in "${LEVELS[@]}"; do
  for m in micropvr_pvr micropvr_ts micropvr_seg micropvr_tsabs; do
    figure "delivery.ratio.c$c.throughput_${m}_vs_nginx" "$(ratio "${RATE[$m.$c]}" "${RATE[nginx.$c]}")" x
    figure "delivery.ratio.c$c.cpu_per_gb_${m}_vs_nginx" "$(ratio "${CPUGB[$m.$c]}" "${CPUGB[nginx.$c]}")" x
  done
done
note "targets (issue 5/6): throughput >= 0.8x nginx, CPU per GB <= 1.5x nginx"
note "done"
