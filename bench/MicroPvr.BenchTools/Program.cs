using MicroPvr.BenchTools;

// Helpers of the bench/*.sh scripts; each mode is one type. Output lines are read by the scripts.
return args.Length == 0 ? Usage() : args[0] switch
{
    "cc-errors" => ContinuityCheckCommand.Run(args[1..]),
    "seek-probe" => await SeekProbeCommand.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: MicroPvr.BenchTools cc-errors FILE.ts...     count continuity-counter gaps (ISO/IEC 13818-1 §2.4.3.3)
               MicroPvr.BenchTools seek-probe --http-port P --rpc-port P --channels N --from UNIX --to UNIX --count N [--seed S]
                   random /ts?timestamp= (time to first byte) and get_file_and_offset latencies
        """);
    return 2;
}
