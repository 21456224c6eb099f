using MicroPvr.BenchTools;

// Helpers of the bench/*.sh scripts; each mode is one type. Output lines are read by the scripts.
return args.Length == 0 ? Usage() : args[0] switch
{
    "cc-errors" => ContinuityCheckCommand.Run(args[1..]),
    "seek-probe" => await SeekProbeCommand.RunAsync(args[1..]),
    "synth-archive" => await SynthArchiveCommand.RunAsync(args[1..]),
    "demux-throughput" => DemuxThroughputCommand.Run(args[1..]),
    "http-load" => await HttpLoadCommand.RunAsync(args[1..]),
    "ts-replay" => TsReplayCommand.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: MicroPvr.BenchTools cc-errors FILE.ts...     count continuity-counter gaps (ISO/IEC 13818-1 §2.4.3.3)
               MicroPvr.BenchTools seek-probe --http-port P --rpc-port P --channels N --from UNIX --to UNIX --count N [--seed S] [--kinds ts,rpc]
                   random /ts?timestamp= (time to first byte) and get_file_and_offset latencies
               MicroPvr.BenchTools synth-archive --records DIR --data-dir DIR --channels N --days D
                   [--head FILE.ts] [--gop-seconds 2] [--mbits 8] [--end UNIX]
                   a sparse archive with real keyframe indexes and catalog rows
               MicroPvr.BenchTools demux-throughput --file F.ts [--seconds 5] [--chunk 65536] [--name demux.micropvr]
                   TsDemuxer MB/s over a file in memory, bytes allocated per packet
               MicroPvr.BenchTools http-load --url U --connections C [--seconds 5]
                   keep-alive GET load (bench/delivery.sh without wrk), wrk-style summary line
               MicroPvr.BenchTools ts-replay --file F.ts (--groups G:P,... | --group-prefix A.B.C --port-base P --channels N)
                   [--mbits TOTAL] [--seconds 10] [--batch 64] [--name replay]
                   loops F (CC and timestamps continued) to loopback multicast groups at TOTAL Mbit/s with sendmmsg
        """);
    return 2;
}
