# shellcheck shell=bash
# shellcheck disable=SC2034  # variables set here are read by the scripts that source this file
# A CPU quota for one process of a benchmark (bench/ingest.sh --cpu-quota): a child cgroup of the
# CPU controller with a CFS bandwidth limit, so that a 2-core machine can show where the system
# under test itself runs out of CPU below the load generator's ceiling. cgroup v1 (cpu controller:
# cpu.cfs_quota_us / cpu.cfs_period_us) or v2 (cpu.max); either needs root. The group is removed
# at exit, also on failure or Ctrl-C (bench_cleanup's hooks, after the processes are stopped).
#
#   quota_setup CORES   creates the group; returns 1 with QUOTA_WHY set when it cannot
#   quota_join PID      moves the process (all its threads) into the group and checks it is there
#   quota_stat          prints "periods throttled throttled_seconds" from the group's cpu.stat
# Source bench/lib.sh first.

QUOTA_DIR=""          # the group's directory; empty until quota_setup succeeded
QUOTA_VERSION=""      # v1 or v2
QUOTA_PARENT=""       # where the group was made (processes go back there before it is removed)
QUOTA_PERIOD_US=100000
QUOTA_US=0
QUOTA_WHY=""

# quota_setup CORES: CORES is a fraction of one CPU (0.25 = 25 ms of CPU time in every 100 ms period).
quota_setup() {
  local cores=$1 mount rel
  QUOTA_US=$(awk -v c="$cores" -v p="$QUOTA_PERIOD_US" 'BEGIN { if (c + 0 > 0) printf "%d", c * p; else print 0 }')
  # The kernel refuses a quota below 1 ms per period.
  if [ "$QUOTA_US" -lt 1000 ]; then QUOTA_WHY="--cpu-quota $cores is not a fraction of a CPU of at least 0.01"; return 1; fi
  if [ "$(id -u)" -ne 0 ]; then QUOTA_WHY="a CPU quota needs root (a new cgroup under the CPU controller); running as $(id -un)"; return 1; fi
  # v1: the hierarchy mounted with the cpu controller, our own group in it as the parent.
  mount=$(awk '$3 == "cgroup" && $4 ~ /(^|,)cpu(,|$)/ { print $2; exit }' /proc/mounts)
  if [ -n "$mount" ] && [ -f "$mount/cpu.cfs_quota_us" ]; then
    rel=$(awk -F: '$2 ~ /(^|,)cpu(,|$)/ { print $3; exit }' /proc/self/cgroup)
    QUOTA_VERSION=v1; QUOTA_PARENT="$mount${rel%/}"
  elif grep -qw cpu /sys/fs/cgroup/cgroup.controllers 2>/dev/null; then
    # v2: a child of the mount's root, which is exempt from the rule that only leaf groups hold
    # processes (a child of our own group would need this shell moved out first).
    QUOTA_VERSION=v2; QUOTA_PARENT=/sys/fs/cgroup
    if ! grep -qw cpu "$QUOTA_PARENT/cgroup.subtree_control" 2>/dev/null \
      && ! echo +cpu 2>/dev/null >"$QUOTA_PARENT/cgroup.subtree_control"; then
      QUOTA_WHY="cgroup v2: cannot enable the cpu controller for children of $QUOTA_PARENT (read-only, or the group holds processes: a container's cgroup namespace)"
      return 1
    fi
  else
    QUOTA_WHY="no CPU controller: neither a cgroup v1 'cpu' hierarchy nor cgroup v2 with 'cpu' in /sys/fs/cgroup/cgroup.controllers"
    return 1
  fi
  local dir="$QUOTA_PARENT/micropvr-bench-$$"
  if ! mkdir "$dir" 2>/dev/null; then
    QUOTA_WHY="cgroup $QUOTA_VERSION: cannot create $dir (is $QUOTA_PARENT writable? a container mounts it read-only)"
    return 1
  fi
  QUOTA_DIR=$dir
  BENCH_CLEANUP_HOOKS+=(quota_remove)
  if [ "$QUOTA_VERSION" = v1 ]; then
    echo "$QUOTA_PERIOD_US" >"$dir/cpu.cfs_period_us" && echo "$QUOTA_US" >"$dir/cpu.cfs_quota_us"
  else
    echo "$QUOTA_US $QUOTA_PERIOD_US" >"$dir/cpu.max"
  fi || { QUOTA_WHY="cgroup $QUOTA_VERSION: the kernel refused a quota of $QUOTA_US us per $QUOTA_PERIOD_US us in $dir"; return 1; }
  return 0
}

# quota_files: the files that hold the limit, as the kernel reads them back.
quota_limit_text() {
  if [ "$QUOTA_VERSION" = v1 ]; then
    echo "cpu.cfs_quota_us $(cat "$QUOTA_DIR/cpu.cfs_quota_us"), cpu.cfs_period_us $(cat "$QUOTA_DIR/cpu.cfs_period_us")"
  else
    echo "cpu.max $(cat "$QUOTA_DIR/cpu.max")"
  fi
}

# quota_join PID: the whole thread group into the group; fails when /proc/PID/cgroup does not show it.
quota_join() {
  local pid=$1 rel
  echo "$pid" >"$QUOTA_DIR/cgroup.procs" || { QUOTA_WHY="could not write pid $pid to $QUOTA_DIR/cgroup.procs"; return 1; }
  rel=/micropvr-bench-$$
  if [ "$QUOTA_VERSION" = v1 ]; then
    awk -F: -v want="$rel" '$2 ~ /(^|,)cpu(,|$)/ && $3 ~ (want "$") { found = 1 } END { exit !found }' "/proc/$pid/cgroup"
  else
    awk -F: -v want="$rel" '$1 == "0" && $3 ~ (want "$") { found = 1 } END { exit !found }' "/proc/$pid/cgroup"
  fi || { QUOTA_WHY="pid $pid is not in $QUOTA_DIR after the move: $(tr '\n' ' ' <"/proc/$pid/cgroup")"; return 1; }
  # Every thread: the runtime's threads follow the thread group (cgroup.procs moves them all).
  local threads in_group
  threads=$(find "/proc/$pid/task" -mindepth 1 -maxdepth 1 | wc -l)
  in_group=$(wc -l <"$QUOTA_DIR/$([ "$QUOTA_VERSION" = v1 ] && echo tasks || echo cgroup.threads)")
  [ "$in_group" -ge "$threads" ] || { QUOTA_WHY="only $in_group of the $threads threads of pid $pid are in $QUOTA_DIR"; return 1; }
}

# quota_stat: "periods throttled throttled_seconds" (cpu.stat: v1 throttled_time in ns, v2 throttled_usec).
quota_stat() {
  awk '$1 == "nr_periods" { p = $2 } $1 == "nr_throttled" { t = $2 }
       $1 == "throttled_time" { s = $2 / 1e9 } $1 == "throttled_usec" { s = $2 / 1e6 }
       END { printf "%d %d %.6f\n", p, t, s }' "$QUOTA_DIR/cpu.stat"
}

# quota_remove: processes left in the group go back to the parent, then the group is removed.
quota_remove() {
  [ -n "$QUOTA_DIR" ] && [ -d "$QUOTA_DIR" ] || return 0
  local pid
  if ! rmdir "$QUOTA_DIR" 2>/dev/null; then
    while read -r pid; do echo "$pid" >"$QUOTA_PARENT/cgroup.procs" 2>/dev/null || true; done <"$QUOTA_DIR/cgroup.procs"
    rmdir "$QUOTA_DIR" 2>/dev/null || { warn "could not remove the cgroup $QUOTA_DIR"; return 1; }
  fi
  note "cpu quota: removed the cgroup $QUOTA_DIR"
  QUOTA_DIR=""
}
