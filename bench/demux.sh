#!/usr/bin/env bash
# Demux benchmark (issue 6 §2, issue 2): MicroPVR's TS demuxer against
# `ffmpeg -i FILE -map 0 -c copy -f null -` on the same real H.264/AAC file, both pinned to the
# same core. MicroPVR's figure comes from bench/MicroPvr.BenchTools demux-throughput (the
# product's TsDemuxer over the file in memory, in 64 KiB and 1316-byte chunks, with bytes
# allocated per packet); ffmpeg reads the same file from the page cache. MB/s by wall clock and
# per CPU second, and the ratio. The full mode also runs the BenchmarkDotNet demux benchmarks
# (bench/MicroPvr.Benchmarks, MemoryDiagnoser) and prints their summary table.
# Targets (issue 2): >= 2 GB/s per core, 0 bytes allocated per packet.
#
# usage: bench/demux.sh [--smoke] [--seconds S] [--no-bdn] [--keep]
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"
bench_init demux "$@"

SECONDS_EACH=10; FILE_SECONDS=30; BDN=1
if [ "$BENCH_SMOKE" = 1 ]; then SECONDS_EACH=1; FILE_SECONDS=4; BDN=0; fi
set -- "${BENCH_ARGS[@]+"${BENCH_ARGS[@]}"}"
while [ $# -gt 0 ]; do
  case $1 in
    --seconds) SECONDS_EACH=$2; shift ;;
    --no-bdn) BDN=0 ;;
    *) die "unknown argument $1" ;;
  esac
  shift
done

need_tools ffmpeg:ffmpeg
machine_info
tool_versions ffmpeg dotnet
note "pinning: both demuxers on CPU $SUT_CPU (taskset), one after the other"

FILE="$BENCH_TMP/demux.ts"
make_ts_fixture "$FILE" "$FILE_SECONDS" 8000 640x360
SIZE=$(file_size "$FILE")
note "file: $FILE_SECONDS s of H.264/AAC at 8 Mbit/s, $SIZE bytes (ffmpeg lavfi testsrc2+noise, libx264)"
cat "$FILE" >/dev/null   # into the page cache: ffmpeg reads it from memory, as MicroPVR does

# --- ffmpeg: one process loops over the file (-stream_loop) so that start-up is amortised -----
TIMEFORMAT='%R %U %S'
ffmpeg_pass() {  # LOOPS -> "wall user sys"
  { time "${ON_SUT[@]}" ffmpeg -hide_banner -loglevel error -nostdin -stream_loop "$1" -i "$FILE" -map 0 -c copy -f null - ; } 2>&1 | tail -1
}
read -r r _ _ <<<"$(ffmpeg_pass 0)"
loops=$(awk -v r="$r" -v s="$SECONDS_EACH" 'BEGIN { n = int(s / (r > 0.01 ? r : 0.01)); if (n < 1) n = 1; if (n > 500) n = 500; print n }')
read -r real u s <<<"$(ffmpeg_pass $(( loops - 1 )))"
cpu=$(calc "$u + $s")
runs=$loops
note "ffmpeg: taskset -c $SUT_CPU ffmpeg -stream_loop $(( loops - 1 )) -i demux.ts -map 0 -c copy -f null -   ($runs passes, $real s wall, $cpu s CPU)"
FF_WALL=$(calc "$SIZE * $runs / $real / 1000000")
FF_CPU=$(calc "$SIZE * $runs / $cpu / 1000000")
figure demux.ffmpeg.throughput "$FF_WALL" MB/s
figure demux.ffmpeg.throughput_per_cpu_second "$FF_CPU" MB/s

# --- MicroPVR's demuxer ------------------------------------------------------------------
TOOLS=$(benchtools_dll)
dotnet "$TOOLS" 2>&1 | grep -q demux-throughput || missing "MicroPvr.Media TsDemuxer" "bench/MicroPvr.BenchTools has no demux-throughput mode"
note "micropvr: taskset -c $SUT_CPU dotnet MicroPvr.BenchTools.dll demux-throughput --file demux.ts --seconds $SECONDS_EACH --chunk 65536|1316"
"${ON_SUT[@]}" dotnet "$TOOLS" demux-throughput --file "$FILE" --seconds "$SECONDS_EACH" --chunk 65536 | tee "$BENCH_TMP/micropvr.out"
"${ON_SUT[@]}" dotnet "$TOOLS" demux-throughput --file "$FILE" --seconds "$SECONDS_EACH" --chunk 1316 --name demux.micropvr_1316
MP_WALL=$(awk '$2 == "demux.micropvr.throughput" { print $3 }' "$BENCH_TMP/micropvr.out")
MP_CPU=$(awk '$2 == "demux.micropvr.throughput_per_cpu_second" { print $3 }' "$BENCH_TMP/micropvr.out")
figure demux.ratio.throughput_micropvr_vs_ffmpeg "$(ratio "$MP_WALL" "$FF_WALL")" x
figure demux.ratio.per_cpu_second_micropvr_vs_ffmpeg "$(ratio "$MP_CPU" "$FF_CPU")" x
note "ffmpeg -c copy -f null also builds AVPackets and timestamps for every frame; MicroPVR's demuxer finds packets, PSI, PES headers, PCR and keyframes"

# --- BenchmarkDotNet (full mode): the media engineer's demux benchmarks with allocations ------
if [ "$BDN" = 1 ]; then
  project="$BENCH_DIR/MicroPvr.Benchmarks/MicroPvr.Benchmarks.csproj"
  list=$(cd "$BENCH_TMP" && dotnet run -c Release --project "$project" -- --list flat 2>/dev/null || true)
  if grep -qi demux <<<"$list"; then
    note "BenchmarkDotNet: dotnet run -c Release --project bench/MicroPvr.Benchmarks -- --filter '*Demux*' --job short --memory"
    (cd "$BENCH_TMP" && "${ON_SUT[@]}" dotnet run -c Release --project "$project" -- --filter '*Demux*' --job short --memory) \
      >"$BENCH_TMP/bdn.log" 2>&1 || warn "BenchmarkDotNet failed: $(tail -5 "$BENCH_TMP/bdn.log")"
    # The summary table (markdown) that BenchmarkDotNet prints last.
    awk '/^\| Method/ { on = 1 } on && /^\|/ { print "# " $0 } on && !/^\|/ { on = 0 }' "$BENCH_TMP/bdn.log"
  else
    note "BenchmarkDotNet: no demux benchmark in bench/MicroPvr.Benchmarks yet (media engineer's class)"
  fi
fi
note "targets (issue 2): >= 2000 MB/s per core, 0 bytes allocated per packet"
note "done"
