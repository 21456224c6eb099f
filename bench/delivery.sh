#!/usr/bin/env bash
# Delivery benchmark (issue 6 §3): the same recorded files served by nginx (Debian nginx-light,
# sendfile on, one worker, config generated here) and by MicroPVR (`/pvr/<nick>/<file>` and
# `/ts?channel_id&timestamp`), loaded with wrk at 10, 100 and 1000 connections. Throughput,
# server CPU seconds per GB (utime+stime of the server processes during the load) and ratios.
# The record is made by the daemon itself: ffmpeg sends a multicast channel, a JSON-RPC task
# records it for a few seconds, then the task is cancelled and the finished file is served.
#
# usage: bench/delivery.sh [--smoke] [--seconds S] [--record-seconds S] [--mbits B] [--keep]
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"
bench_init delivery "$@"

SECONDS_PER_RUN=5; RECORD_SECONDS=15; MBITS=8; LEVELS=(10 100 1000); SIZE=640x360
if [ "$BENCH_SMOKE" = 1 ]; then SECONDS_PER_RUN=1; RECORD_SECONDS=4; MBITS=2; LEVELS=(10 100); SIZE=320x180; fi
set -- "${BENCH_ARGS[@]+"${BENCH_ARGS[@]}"}"
while [ $# -gt 0 ]; do
  case $1 in
    --seconds) SECONDS_PER_RUN=$2; shift ;;
    --record-seconds) RECORD_SECONDS=$2; shift ;;
    --mbits) MBITS=$2; shift ;;
    *) die "unknown argument $1" ;;
  esac
  shift
done

need_tools ffmpeg:ffmpeg wrk:wrk nginx:nginx-light curl:curl jq:jq
PATH=$PATH:/usr/sbin
# Many connections: raise the open-file limit of this shell and of everything it starts.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
machine_info
tool_versions nginx wrk ffmpeg dotnet
pin_note
note "open-file limit: $(ulimit -n); wrk: 1 thread, ${SECONDS_PER_RUN} s per run at ${LEVELS[*]} connections"

# --- a real record, made by the daemon -----------------------------------------------------
FIXTURE="$BENCH_TMP/source.ts"
make_ts_fixture "$FIXTURE" 4 $(( MBITS * 1000 )) "$SIZE"
daemon_start "$BENCH_TMP/daemon" || missing "micropvr daemon" "$DAEMON_WHY"
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
NGINX_DIR="$BENCH_TMP/nginx"; mkdir -p "$NGINX_DIR/tmp"
NGINX_PORT=$(free_port)
NGINX_USER=""
[ "$(id -u)" = 0 ] && NGINX_USER="user $(id -un) $(id -gn);"
cat >"$NGINX_DIR/nginx.conf" <<EOF
$NGINX_USER
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
note "nginx: taskset -c $SUT_CPU nginx -p $NGINX_DIR -c nginx.conf (worker_processes 1, sendfile on, tcp_nopush on, access_log off)"

server_pids() {  # the server process and its children (nginx: master + worker)
  echo "$1"
  ps -o pid= --ppid "$1" 2>/dev/null | tr -d ' '
}

# --- the load --------------------------------------------------------------------------------
cat >"$BENCH_TMP/report.lua" <<'EOF'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK bytes %d us %d requests %d errors %d\n", summary.bytes, summary.duration,
    summary.requests, e.connect + e.read + e.write + e.status + e.timeout))
end
EOF

# load NAME URL PID: wrk at every level; figures per level.
declare -A RATE CPUGB
load() {
  local name=$1 url=$2 pid=$3 c out bytes us reqs errs t0 t1 pids code
  code=$(curl -s -o /dev/null -w '%{http_code} %{size_download}' --max-time 30 "$url") || true
  note "$name: GET $url -> $code bytes"
  [ "${code%% *}" = 200 ] || return 1
  mapfile -t pids < <(server_pids "$pid")
  for c in "${LEVELS[@]}"; do
    t0=$(cpu_ticks "${pids[@]}")
    out=$("${ON_GEN[@]}" wrk -t1 -c"$c" -d"${SECONDS_PER_RUN}s" --timeout 10s -s "$BENCH_TMP/report.lua" "$url" 2>&1 | awk '/^WRK/')
    t1=$(cpu_ticks "${pids[@]}")
    read -r _ _ bytes _ us _ reqs _ errs <<<"$out"
    local gbps cpu_per_gb
    gbps=$(calc "$bytes * 8 / $us / 1000")
    cpu_per_gb=$(ratio "$(ticks_to_seconds $(( t1 - t0 )))" "$(calc "$bytes / 1000000000")")
    figure "delivery.$name.c$c.throughput" "$gbps" Gbit/s
    figure "delivery.$name.c$c.requests" "$reqs" requests
    figure "delivery.$name.c$c.errors" "$errs" errors
    figure "delivery.$name.c$c.cpu_per_gb" "$cpu_per_gb" s/GB
    RATE[$name.$c]=$gbps; CPUGB[$name.$c]=$cpu_per_gb
  done
}

load nginx "http://127.0.0.1:$NGINX_PORT/$REL" "$NGINX_PID"
stop_pids "$NGINX_PID"
load micropvr_pvr "http://127.0.0.1:$DAEMON_HTTP_PORT/pvr/$NICK/$REL" "$DAEMON_PID" \
  || missing "micropvr /pvr delivery" "GET /pvr/$NICK/$REL did not answer 200"
load micropvr_ts "http://127.0.0.1:$DAEMON_HTTP_PORT/ts?channel_id=1&timestamp=$(( START + 1 ))" "$DAEMON_PID" \
  || missing "micropvr /ts delivery" "GET /ts?channel_id=1&timestamp=$(( START + 1 )) did not answer 200"

for c in "${LEVELS[@]}"; do
  for m in micropvr_pvr micropvr_ts; do
    figure "delivery.ratio.c$c.throughput_${m}_vs_nginx" "$(ratio "${RATE[$m.$c]}" "${RATE[nginx.$c]}")" x
    figure "delivery.ratio.c$c.cpu_per_gb_${m}_vs_nginx" "$(ratio "${CPUGB[$m.$c]}" "${CPUGB[nginx.$c]}")" x
  done
done
note "targets (issue 5/6): throughput >= 0.8x nginx, CPU per GB <= 1.5x nginx"
note "done"
