#!/usr/bin/env bash
# Demux benchmark (issue 6 §2, issue 2): MicroPVR's TS demuxer against
# `ffmpeg -i FILE -map 0 -c copy -f null -` on the same real H.264/AAC file, both pinned to the
# same core. MicroPVR's figure comes from bench/MicroPvr.BenchTools demux-throughput (the
# product's TsDemuxer over the file in memory, in 64 KiB and 1316-byte chunks, with bytes
# allocated per packet); ffmpeg reads the same file from the page cache. MB/s by wall clock and
# per CPU second, and the ratio. --bdn also runs the BenchmarkDotNet demux benchmarks
# (bench/MicroPvr.Benchmarks, MemoryDiagnoser; several minutes with the build) and prints their
# summary table.
# Targets (issue 2): >= 2 GB/s per core, 0 bytes allocated per packet.
#
# usage: bench/demux.sh [--smoke] [--seconds S] [--bdn] [--keep]
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"
bench_init demux "$@"

SECONDS_EACH=10; FILE_SECONDS=30; LOOPS=40; BDN=0; SIZE_PX=640x360
if [ "$BENCH_SMOKE" = 1 ]; then SECONDS_EACH=1; FILE_SECONDS=2; LOOPS=3; BDN=0; SIZE_PX=320x180; fi
set -- "${BENCH_ARGS[@]+"${BENCH_ARGS[@]}"}"
while [ $# -gt 0 ]; do
  case $1 in
    --seconds) SECONDS_EACH=$2; shift ;;
    --bdn) BDN=1 ;;
    *) die "unknown argument $1" ;;
  esac
  shift
done

need_tools ffmpeg:ffmpeg
machine_info
tool_versions ffmpeg dotnet
note "pinning: both demuxers on CPU $SUT_CPU (taskset), one after the other"

FILE="$BENCH_TMP/demux.ts"
make_ts_fixture "$FILE" "$FILE_SECONDS" 8000 "$SIZE_PX"
SIZE=$(file_size "$FILE")
note "file: $FILE_SECONDS s of $SIZE_PX H.264/AAC at 8 Mbit/s, $SIZE bytes (ffmpeg lavfi testsrc2+noise, libx264)"
cat "$FILE" >/dev/null   # into the page cache: ffmpeg reads it from memory, as MicroPVR does

# --- ffmpeg: one pass, then LOOPS passes in one process (-stream_loop); the difference of the two
# runs is the work of LOOPS-1 passes without ffmpeg's start-up.
TIMEFORMAT='%R %U %S'
ffmpeg_pass() {  # LOOPS -> "wall user sys"
  { time "${ON_SUT[@]}" ffmpeg -hide_banner -loglevel error -nostdin -stream_loop "$(( $1 - 1 ))" -i "$FILE" -map 0 -c copy -f null - ; } 2>&1 | tail -1
}
read -r r1 u1 s1 <<<"$(ffmpeg_pass 1)"
read -r rn un sn <<<"$(ffmpeg_pass "$LOOPS")"
real=$(calc "$rn - $r1"); cpu=$(calc "($un + $sn) - ($u1 + $s1)")
note "ffmpeg: taskset -c $SUT_CPU ffmpeg -stream_loop N -i demux.ts -map 0 -c copy -f null -   (1 pass: $r1 s wall, $(calc "$u1 + $s1") s CPU; $LOOPS passes: $rn s wall, $(calc "$un + $sn") s CPU)"
if awk -v r="$real" -v c="$cpu" 'BEGIN { exit !(r > 0 && c > 0) }'; then
  FF_WALL=$(ratio "$(calc "$SIZE * ($LOOPS - 1) / 1000000")" "$real")
  FF_CPU=$(ratio "$(calc "$SIZE * ($LOOPS - 1) / 1000000")" "$cpu")
else
  # Too little work to see past the noise (smoke sizes, a loaded machine): whole-run figures,
  # start-up included, which understate ffmpeg.
  note "ffmpeg: the $LOOPS-pass run was not measurably longer than one pass: figures include ffmpeg's start-up"
  FF_WALL=$(ratio "$(calc "$SIZE * $LOOPS / 1000000")" "$rn")
  FF_CPU=$(ratio "$(calc "$SIZE * $LOOPS / 1000000")" "$(calc "$un + $sn")")
fi
figure demux.ffmpeg.throughput "$FF_WALL" MB/s
figure demux.ffmpeg.throughput_per_cpu_second "$FF_CPU" MB/s

# --- MicroPVR's demuxer ------------------------------------------------------------------
TOOLS=$(benchtools_dll)
usage=$(dotnet "$TOOLS" 2>&1 || true)
grep -q demux-throughput <<<"$usage" || missing "MicroPvr.Media TsDemuxer" "bench/MicroPvr.BenchTools has no demux-throughput mode"
note "micropvr: taskset -c $SUT_CPU dotnet MicroPvr.BenchTools.dll demux-throughput --file demux.ts --seconds $SECONDS_EACH --chunk 65536|1316"
"${ON_SUT[@]}" dotnet "$TOOLS" demux-throughput --file "$FILE" --seconds "$SECONDS_EACH" --chunk 65536 | tee "$BENCH_TMP/micropvr.out"
"${ON_SUT[@]}" dotnet "$TOOLS" demux-throughput --file "$FILE" --seconds "$SECONDS_EACH" --chunk 1316 --name demux.micropvr_1316
MP_WALL=$(awk '$2 == "demux.micropvr.throughput" { print $3 }' "$BENCH_TMP/micropvr.out")
MP_CPU=$(awk '$2 == "demux.micropvr.throughput_per_cpu_second" { print $3 }' "$BENCH_TMP/micropvr.out")
figure demux.ratio.throughput_micropvr_vs_ffmpeg "$(ratio "$MP_WALL" "$FF_WALL")" x
figure demux.ratio.per_cpu_second_micropvr_vs_ffmpeg "$(ratio "$MP_CPU" "$FF_CPU")" x
note "ffmpeg -c copy -f null also builds AVPackets and timestamps for every frame; MicroPVR's demuxer finds packets, PSI, PES headers, PCR and keyframes"

# --- BenchmarkDotNet (--bdn): the media engineer's demux benchmarks with allocations ------
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
