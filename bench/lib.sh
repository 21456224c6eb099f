# shellcheck shell=bash
# shellcheck disable=SC2034  # variables set here are read by the scripts that source this file
# Shared helpers of the whole-system benchmarks (bench/*.sh). Source it, then call bench_init.
#
# Output contract (read by bench/run-all and tests/MicroPvr.EndToEnd.Tests/Bench):
#   FIGURE <name> <value> <unit>     one measured figure (value: a plain decimal number)
#   MISSING <component>: <why>       a part of MicroPVR this script needs is not there (exit 3)
#   lines starting with '#'          context: machine, versions, pinning, commands
# Every figure is measured in the same run as its reference (ffmpeg, socat, nginx), on the same
# machine, because absolute numbers on a shared box are noise and only ratios travel.

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$BENCH_DIR/.." && pwd)
BENCH_SMOKE=0
BENCH_KEEP=0
BENCH_TMP=""
BENCH_PIDS=()
BENCH_ARGS=()
# Functions bench_cleanup calls after it has stopped the tracked processes (e.g. removing a cgroup,
# which the kernel refuses while a process is still in it).
BENCH_CLEANUP_HOOKS=()
# Exit code of a script whose system under test lacks a component (distinct from a failure).
BENCH_EXIT_MISSING=3

note() { printf '# %s\n' "$*"; }
warn() { printf '# WARNING: %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# figure NAME VALUE UNIT: prints one figure line; VALUE is normalised to a plain decimal.
# A value that is not a non-negative number (a ratio over a zero reference, e.g. CPU below the 10 ms tick in a
# smoke run) is not a figure: it is reported as such and never printed as one.
figure() {
  local name=$1 value=$2 unit=$3
  if ! awk -v v="$value" 'BEGIN { exit !(v ~ /^[0-9.]+([eE][-+]?[0-9]+)?$/) }'; then
    note "$name: not measurable in this run (got '$value')"
    return 0
  fi
  printf 'FIGURE %s %s %s\n' "$name" "$(awk -v v="$value" 'BEGIN { if (v == int(v) && v < 1e15) printf "%d", v; else printf "%.6g", v }')" "$unit"
}

# missing COMPONENT WHY: the script cannot measure MicroPVR yet; say exactly what is missing.
missing() {
  printf 'MISSING %s: %s\n' "$1" "$2"
  exit "$BENCH_EXIT_MISSING"
}

# calc EXPR: floating-point arithmetic through awk (bash has integers only).
calc() { awk "BEGIN { v = $*; printf \"%.6g\", v }"; }

# ratio NUM DEN: NUM/DEN, or "nan" when DEN is zero (printed as such, never hidden).
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "nan"; else printf "%.4g", a / b }'; }

# bench_init NAME "$@": common flags (--smoke, --keep), temp dir, cleanup trap, header.
bench_init() {
  local name=$1; shift
  BENCH_NAME=$name
  for arg in "$@"; do
    case $arg in
      --smoke) BENCH_SMOKE=1 ;;
      --keep) BENCH_KEEP=1 ;;
      *) BENCH_ARGS+=("$arg") ;;
    esac
  done
  BENCH_TMP=$(mktemp -d "${TMPDIR:-/tmp}/micropvr-bench-$name.XXXXXX")
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
  note "MicroPVR benchmark: $name ($([ "$BENCH_SMOKE" = 1 ] && echo smoke || echo full) mode)"
  note "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  note "command: bench/$name.sh ${*}"
  note "temp dir: $BENCH_TMP"
}

bench_cleanup() {
  local rc=$?
  local pid
  note "load average at end: $(cut -d' ' -f1-3 /proc/loadavg) (shared machine)"
  # Only the processes this script started, by pid: TERM first, then KILL the stragglers.
  for pid in "${BENCH_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    local running=0
    for pid in "${BENCH_PIDS[@]}"; do alive "$pid" && running=1; done
    [ $running = 0 ] && break
    sleep 0.3
  done
  for pid in "${BENCH_PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  local hook
  for hook in "${BENCH_CLEANUP_HOOKS[@]}"; do "$hook" || true; done
  if [ "$BENCH_KEEP" = 1 ]; then
    note "kept temp dir $BENCH_TMP"
  elif [ -n "$BENCH_TMP" ]; then
    rm -rf "$BENCH_TMP"
  fi
  exit "$rc"
}

# track PID...: remember processes to stop at exit.
track() { BENCH_PIDS+=("$@"); }

# stop_pids PID...: TERM, wait up to ~5 s, then KILL (each by pid).
stop_pids() {
  local pid
  for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 25); do
    local running=0
    for pid in "$@"; do alive "$pid" && running=1; done
    [ $running = 0 ] && break
    sleep 0.2
  done
  for pid in "$@"; do kill -KILL "$pid" 2>/dev/null || true; done
  for pid in "$@"; do wait "$pid" 2>/dev/null || true; done
}

# have_tool CMD: the command is installed (nginx lives in /usr/sbin, which a user's PATH may lack).
have_tool() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ]; }

# need_tools CMD:PACKAGE...: install the Debian packages of missing commands (a fresh machine).
# A smoke run installs nothing (the test suite runs it; scripts/install-deps.sh is what installs
# the suite's tools): a missing command is an error there.
need_tools() {
  local missing_pkgs=() spec
  for spec in "$@"; do
    have_tool "${spec%%:*}" || missing_pkgs+=("${spec##*:}")
  done
  [ ${#missing_pkgs[@]} -eq 0 ] && return 0
  [ "$BENCH_SMOKE" = 1 ] && die "missing ${missing_pkgs[*]} (a smoke run installs nothing: run scripts/install-deps.sh)"
  local sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  note "installing ${missing_pkgs[*]} (apt-get)"
  $sudo_cmd apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing_pkgs[@]}" >/dev/null
  for spec in "$@"; do
    have_tool "${spec%%:*}" || die "could not install ${spec##*:}"
  done
}

# machine_info: what the figures were measured on.
machine_info() {
  local model cores
  model=$(lscpu 2>/dev/null | awk -F: '/^Model name/ { sub(/^[ \t]+/, "", $2); print $2; exit }')
  [ -z "$model" ] && model=$(awk -F: '/^model name/ { sub(/^[ \t]+/, "", $2); print $2; exit }' /proc/cpuinfo)
  cores=$(nproc)
  note "machine: ${model:-unknown CPU}, $cores cores, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM, kernel $(uname -r)"
  note "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (shared machine: other work runs beside the benchmark)"
}

# tool_versions CMD...: one line per tool.
tool_versions() {
  local t v
  for t in "$@"; do
    case $t in
      ffmpeg) v=$(ffmpeg -hide_banner -version 2>/dev/null | head -1) ;;
      nginx) v=$( (nginx -v 2>&1 || /usr/sbin/nginx -v 2>&1) | head -1) ;;
      wrk) v=$(wrk -v 2>&1 | head -1 || true) ;;  # wrk -v exits 1 after printing its version
      socat) v=$(socat -V 2>/dev/null | awk '/socat version/ { print; exit }') ;;
      dotnet) v="dotnet $(dotnet --version 2>/dev/null)" ;;
      curl) v=$(curl --version | head -1) ;;
      *) v=$("$t" --version 2>&1 | head -1) ;;
    esac
    note "tool: $v"
  done
}

# Cores: the system under test on one core, load generators on another, when there are two.
SUT_CPU=0
GEN_CPU=$(( $(nproc) > 1 ? 1 : 0 ))
pin_note() { note "pinning: system under test on CPU $SUT_CPU, load generators on CPU $GEN_CPU (taskset)"; }
# Prefixes, not functions: `"${ON_SUT[@]}" cmd &` makes $! the command's own pid (taskset execs it),
# where a backgrounded function would give the pid of a bash subshell.
ON_SUT=(taskset -c "$SUT_CPU")
ON_GEN=(taskset -c "$GEN_CPU")

CLK_TCK=$(getconf CLK_TCK)

# cpu_ticks PID...: summed utime+stime (clock ticks) of live processes. Bash built-ins only: a
# fork per process would itself cost seconds with 50 processes on a loaded machine.
cpu_ticks() {
  local total=0 pid stat fields
  for pid in "$@"; do
    { read -r stat <"/proc/$pid/stat"; } 2>/dev/null || continue
    # Fields after the command name (which may hold spaces): utime is the 12th, stime the 13th.
    read -r -a fields <<<"${stat##*) }"
    total=$(( total + fields[11] + fields[12] ))
  done
  echo "$total"
}

ticks_to_seconds() { calc "$1 / $CLK_TCK"; }

# children_cpu_seconds "$(times)": user+sys seconds of the finished children, from the second
# line of bash's `times` ("0m1.250s 0m0.310s"). Run the command and `times` in one subshell to
# get the CPU of that command alone (e.g. a load generator that exits before it can be sampled).
children_cpu_seconds() {
  awk 'NR == 2 { t = 0; for (i = 1; i <= 2; i++) { split($i, p, "m"); sub(/s$/, "", p[2]); t += p[1] * 60 + p[2] } printf "%.3f", t }' <<<"$1"
}

# rss_hwm_kb PID...: summed peak resident set size (VmHWM, KiB), built-ins only.
rss_hwm_kb() {
  local total=0 pid key value _
  for pid in "$@"; do
    while read -r key value _; do
      if [ "$key" = "VmHWM:" ]; then total=$(( total + value )); break; fi
    done 2>/dev/null <"/proc/$pid/status" || true
  done
  echo "$total"
}

# udp_rcvbuf_errors: kernel-wide count of datagrams dropped for a full socket buffer.
udp_rcvbuf_errors() {
  awk '/^Udp:/ { if (!hdr) { for (i = 1; i <= NF; i++) col[$i] = i; hdr = 1 } else print $col["RcvbufErrors"] }' /proc/net/snmp
}

# free_port: a free TCP port on loopback (bind to port 0 and read what the kernel chose).
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
    || awk 'BEGIN { srand(); print 20000 + int(rand() * 30000) }'
}

# alive PID: the process exists and is not a zombie (an exited child we have not reaped yet).
alive() { [ -r "/proc/$1/stat" ] && [ "$(awk '{ sub(/.*\) /, ""); print $1 }' "/proc/$1/stat" 2>/dev/null)" != Z ]; }

# wait_port PORT SECONDS [PID]: until something listens on 127.0.0.1:PORT (fails if PID dies).
wait_port() {
  local port=$1 secs=$2 pid=${3:-} deadline=$((SECONDS + $2))
  while [ $SECONDS -lt $deadline ]; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    if [ -n "$pid" ] && ! alive "$pid"; then return 1; fi
    sleep 0.2
  done
  return 1
}

# file_size PATH...: total bytes.
# %.0f, not %d: Debian's awk (mawk) clamps %d at 2^31 - 1, so totals above 2 GiB stopped growing.
file_size() { { stat -c %s "$@" 2>/dev/null || true; } | awk '{ t += $1 } END { printf "%.0f\n", t }'; }

# --- TS fixtures ---------------------------------------------------------------------------

# make_ts_fixture OUT SECONDS KBITS [WxH]: a real H.264/AAC MPEG-TS at a constant mux rate of
# KBITS kbit/s (the video is noisy so most of it is payload, not null-packet padding).
make_ts_fixture() {
  local out=$1 secs=$2 kbits=$3 size=${4:-640x360}
  local video=$(( kbits * 85 / 100 ))
  ffmpeg -hide_banner -loglevel error -nostdin -y \
    -f lavfi -i "testsrc2=size=$size:rate=25:duration=$secs,noise=alls=30:allf=t" \
    -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=$secs" \
    -c:v libx264 -preset ultrafast -pix_fmt yuv420p -g 50 -keyint_min 50 -sc_threshold 0 \
    -b:v "${video}k" -maxrate "${video}k" -bufsize "$(( video / 2 ))k" \
    -c:a aac -b:a 96k -ac 2 -f mpegts -muxrate "${kbits}k" "$out"
}

# send_multicast FIXTURE KBITS READRATE GROUP:PORT...: loops FIXTURE (real time x READRATE) to
# every group on loopback; one ffmpeg per 10 groups muxing through the tee muxer, on the
# generator core. Appends the sender pids to SENDER_PIDS.
SENDER_PIDS=()
send_multicast() {
  local fixture=$1 kbits=$2 rate=$3; shift 3
  local dests=("$@") first i outputs
  for (( first = 0; first < ${#dests[@]}; first += 10 )); do
    outputs=""
    for (( i = first; i < first + 10 && i < ${#dests[@]}; i++ )); do
      [ -n "$outputs" ] && outputs+="|"
      outputs+="[f=mpegts:muxrate=${kbits}k]udp://${dests[$i]}?localaddr=127.0.0.1&pkt_size=1316&ttl=1"
    done
    "${ON_GEN[@]}" ffmpeg -hide_banner -loglevel error -nostdin -readrate "$rate" -stream_loop -1 -i "$fixture" \
      -map 0 -c copy -f tee "$outputs" >>"$BENCH_TMP/senders.log" 2>&1 &
    SENDER_PIDS+=($!)
    track $!
  done
}
send_multicast_note() {
  note "senders: taskset -c $GEN_CPU ffmpeg -readrate R -stream_loop -1 -i FIXTURE -map 0 -c copy -f tee '[f=mpegts:muxrate=RATE]udp://GROUP:PORT?localaddr=127.0.0.1&pkt_size=1316&ttl=1|...' (10 groups per ffmpeg; -readrate 1 is -re)"
}

# random_group: a random 239.x.y prefix, so that parallel runs and tests don't cross-talk.
random_group_prefix() { echo "239.$(( RANDOM % 200 + 20 )).$(( RANDOM % 250 ))"; }

# --- MicroPVR under test ---------------------------------------------------------------------

# micropvr_dll: path of the built daemon (MICROPVR_DLL, or a Release build of src/MicroPvr.Server).
# Built once per run: it is called in command substitutions (subshells, which cannot export), so a
# file in BENCH_TMP says the build was done; a no-op `dotnet build` still costs 10-30 s here.
micropvr_dll() {
  if [ -n "${MICROPVR_DLL:-}" ]; then echo "$MICROPVR_DLL"; return; fi
  local out="$REPO_DIR/src/MicroPvr.Server/bin/Release/net10.0/micropvr.dll"
  if [ ! -f "$BENCH_TMP/built-server" ]; then
    dotnet build "$REPO_DIR/src/MicroPvr.Server/MicroPvr.Server.csproj" -c Release -v q -nologo >"$BENCH_TMP/build-server.log" 2>&1 \
      || { cat "$BENCH_TMP/build-server.log" >&2; die "building src/MicroPvr.Server failed"; }
    touch "$BENCH_TMP/built-server"
  fi
  echo "$out"
}

# benchtools_dll: path of bench/MicroPvr.BenchTools (BENCHTOOLS_DLL, or a Release build).
benchtools_dll() {
  if [ -n "${BENCHTOOLS_DLL:-}" ]; then echo "$BENCHTOOLS_DLL"; return; fi
  local out="$BENCH_DIR/MicroPvr.BenchTools/bin/Release/net10.0/MicroPvr.BenchTools.dll"
  if [ ! -f "$BENCH_TMP/built-tools" ]; then
    dotnet build "$BENCH_DIR/MicroPvr.BenchTools/MicroPvr.BenchTools.csproj" -c Release -v q -nologo >"$BENCH_TMP/build-tools.log" 2>&1 \
      || { cat "$BENCH_TMP/build-tools.log" >&2; die "building bench/MicroPvr.BenchTools failed"; }
    touch "$BENCH_TMP/built-tools"
  fi
  echo "$out"
}

# daemon_start DIR [CPU]: runs `micropvr --config DIR/micropvr.conf` on free loopback ports with
# everything under DIR. Sets DAEMON_PID, DAEMON_RPC_PORT, DAEMON_HTTP_PORT, DAEMON_DIR,
# DAEMON_LINK_DIR, DAEMON_RECORDS. Returns 1 (with DAEMON_WHY set) when the daemon does not come up.
daemon_start() { daemon_prepare "$1" && daemon_launch "${2:-$SUT_CPU}"; }

# daemon_prepare DIR: the temp config, ports and folders only (to fill DIR before the start).
daemon_prepare() {
  DAEMON_DIR=$1
  DAEMON_RPC_PORT=$(free_port)
  DAEMON_HTTP_PORT=$(free_port)
  while [ "$DAEMON_HTTP_PORT" = "$DAEMON_RPC_PORT" ]; do DAEMON_HTTP_PORT=$(free_port); done
  DAEMON_LINK_DIR="$DAEMON_DIR/links"
  DAEMON_RECORDS="$DAEMON_DIR/records"
  mkdir -p "$DAEMON_DIR/data" "$DAEMON_LINK_DIR" "$DAEMON_RECORDS" "$DAEMON_DIR/log" "$DAEMON_DIR/run"
  cat >"$DAEMON_DIR/micropvr.conf" <<EOF
{
  "log-foreground": false,
  "log-path": "$DAEMON_DIR/log/micropvr.log",
  "log-state-path": "$DAEMON_DIR/log/micropvr_state.log",
  "log-verbose-level": 3,
  "json-rpc-listen-host": "127.0.0.1",
  "json-rpc-listen-port": $DAEMON_RPC_PORT,
  "http-listen-host": "127.0.0.1",
  "http-listen-port": $DAEMON_HTTP_PORT,
  "data-dir": "$DAEMON_DIR/data",
  "records-link-dir": "$DAEMON_LINK_DIR/",
  "recorder-pid-path": "$DAEMON_DIR/run/",
  "recorder-log-path": "$DAEMON_DIR/log/recorder.log",
  "recorder-check-free-space": false,
  "score-max-cpu-la1": -1
}
EOF
}

# daemon_launch [CPU]: starts the prepared daemon and waits for both of its ports.
daemon_launch() {
  local cpu=${1:-$SUT_CPU} dll
  dll=$(micropvr_dll)
  note "daemon: taskset -c $cpu dotnet $dll --config $DAEMON_DIR/micropvr.conf"
  DOTNET_gcServer=0 taskset -c "$cpu" dotnet "$dll" --config "$DAEMON_DIR/micropvr.conf" \
    >"$DAEMON_DIR/log/stdout.log" 2>&1 &
  DAEMON_PID=$!
  track "$DAEMON_PID"
  if ! wait_port "$DAEMON_RPC_PORT" 60 "$DAEMON_PID"; then
    if alive "$DAEMON_PID"; then
      DAEMON_WHY="the daemon did not listen on its json-rpc port within 60 s"
    else
      DAEMON_WHY="'micropvr --config' exited at once: $(head -c 300 "$DAEMON_DIR/log/stdout.log" | tr -s ' \n' ' ')"
    fi
    return 1
  fi
  if ! wait_port "$DAEMON_HTTP_PORT" 30 "$DAEMON_PID"; then
    DAEMON_WHY="the daemon did not listen on its http delivery port within 30 s"
    return 1
  fi
  note "daemon: pid $DAEMON_PID, json-rpc 127.0.0.1:$DAEMON_RPC_PORT, http 127.0.0.1:$DAEMON_HTTP_PORT"
}

# jsonrpc PORT METHOD PARAMS_JSON: one JSON-RPC 2.0 call over plain TCP (compat spec §5: the
# server answers with one object and closes). Prints the answer.
jsonrpc() {
  local port=$1 method=$2 params=$3 fd answer
  exec {fd}<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf '{"jsonrpc":"2.0","id":1,"method":"%s","params":%s}\n' "$method" "$params" >&"$fd"
  answer=$(timeout 10 cat <&"$fd" || true)
  exec {fd}>&-
  printf '%s\n' "$answer"
}

# jsonrpc_ok ANSWER: true when the answer has a result and no error.
jsonrpc_ok() { jq -e 'has("result") and (has("error") | not)' >/dev/null 2>&1 <<<"$1"; }

# daemon_add_task CHANNEL_ID SOURCE_URL [DURATION]: create_new_task starting now into
# DAEMON_RECORDS; prints nothing, fails (DAEMON_WHY set) when the daemon refuses.
daemon_add_task() {
  local params answer
  params=$(jq -cn --argjson ch "$1" --arg src "$2" --arg loc "$DAEMON_RECORDS" --argjson now "$(date +%s)" \
    --argjson dur "${3:-3600}" \
    '{channel_id: $ch, channel_name: ("bench \($ch)"), duration: $dur, lifetime: 86400, start_timestamp: $now,
      record_location: $loc, stream_source: $src, priority: 50}')
  answer=$(jsonrpc "$DAEMON_RPC_PORT" create_new_task "$params") || true
  jsonrpc_ok "$answer" && return 0
  DAEMON_WHY="create_new_task answered '${answer:-nothing}'"
  return 1
}

# daemon_wait_records COUNT SECONDS: until COUNT non-empty record files exist (DAEMON_WHY on timeout).
daemon_wait_records() {
  local want=$1 deadline=$((SECONDS + $2)) have
  while :; do
    have=$(find "$DAEMON_RECORDS" -name '*.ts' -size +0 2>/dev/null | wc -l)
    [ "$have" -ge "$want" ] && return 0
    if [ $SECONDS -ge $deadline ]; then
      DAEMON_WHY="only $have of $want tasks wrote a record file within $2 s; get_tasks_list: $(jsonrpc "$DAEMON_RPC_PORT" get_tasks_list '{}' | head -c 400)"
      return 1
    fi
    alive "$DAEMON_PID" || { DAEMON_WHY="the daemon exited: $(tail -c 300 "$DAEMON_DIR/log/stdout.log")"; return 1; }
    sleep 0.5
  done
}

# daemon_link_nick: the directory nickname of DAEMON_RECORDS in the link dir (compat spec §2).
daemon_link_nick() {
  local link
  for link in "$DAEMON_LINK_DIR"/*; do
    [ -L "$link" ] || continue
    if [ "$(readlink -f "$link")" = "$(readlink -f "$DAEMON_RECORDS")" ]; then basename "$link"; return 0; fi
  done
  return 1
}

# synth_archive CHANNELS DAYS: a synthetic archive in the prepared daemon's folders, written by
# bench/MicroPvr.BenchTools through the real index writer and catalog (daily files of sparse .ts
# with a keyframe every 2 s at 8 Mbit/s). Sets ARCHIVE_FROM and ARCHIVE_TO (unix seconds).
synth_archive() {
  local tools out
  tools=$(benchtools_dll)
  out=$(dotnet "$tools" synth-archive --records "$DAEMON_RECORDS" --data-dir "$DAEMON_DIR/data" \
    --channels "$1" --days "$2" --head "${3:-}" 2>&1) || { printf '%s\n' "$out" >&2; return 1; }
  printf '%s\n' "$out" | grep -v '^ARCHIVE' | sed "s/^FIGURE synth\./FIGURE $BENCH_NAME.synth./"
  ARCHIVE_FROM=$(awk '/^ARCHIVE/ { print $2 }' <<<"$out")
  ARCHIVE_TO=$(awk '/^ARCHIVE/ { print $3 }' <<<"$out")
}

# udp_socket_queued PID...: bytes waiting in these processes' UDP receive queues now (the rx_queue
# column of /proc/net/udp and udp6, hexadecimal; the kernel's memory accounting of the queued
# datagrams, which counts each datagram's buffer overhead too). One fork for all pids.
udp_socket_queued() {
  local dirs=() pid
  for pid in "$@"; do [ -d "/proc/$pid/fd" ] && dirs+=("/proc/$pid/fd"); done
  [ ${#dirs[@]} -eq 0 ] && { echo 0; return; }
  find "${dirs[@]}" -lname 'socket:*' -printf '%l\n' 2>/dev/null | tr -dc '0-9\n' \
    | awk 'function hex(s,  i, v) { v = 0; s = tolower(s); for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1; return v }
           NR == FNR { want[$1] = 1; next } FNR > 1 && ($10 in want) { split($5, q, ":"); t += hex(q[2]) } END { printf "%.0f\n", t }' \
      - /proc/net/udp /proc/net/udp6
}

# udp_socket_drops PID...: datagrams the kernel dropped for a full buffer on these processes' own
# UDP sockets (the `drops` column of /proc/net/udp and udp6, per socket, since it was opened):
# unlike RcvbufErrors, other processes on the machine do not count. One fork for all pids.
udp_socket_drops() {
  local dirs=() pid
  for pid in "$@"; do [ -d "/proc/$pid/fd" ] && dirs+=("/proc/$pid/fd"); done
  [ ${#dirs[@]} -eq 0 ] && { echo 0; return; }
  find "${dirs[@]}" -lname 'socket:*' -printf '%l\n' 2>/dev/null | tr -dc '0-9\n' \
    | awk 'NR == FNR { want[$1] = 1; next } FNR > 1 && ($10 in want) { d += $NF } END { printf "%d\n", d }' \
      - /proc/net/udp /proc/net/udp6
}
