using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using MicroPvr.Core.Ingest.FileReplay;
using MicroPvr.Core.Ingest.Udp;

namespace MicroPvr.BenchTools;

/// <summary>
/// `ts-replay`: the ingest benchmark's load generator (bench/ingest.sh). Holds a TS file in memory
/// and sends it, looped without CC errors or time jumps (<see cref="LoopedChannel"/>), to N
/// loopback multicast groups at a given total rate: 1316-byte datagrams (7 TS packets), TTL 1,
/// interface 127.0.0.1, round robin over the groups, paced in ticks of about a millisecond and sent
/// with sendmmsg(2) in batches (<see cref="DatagramBatchSender"/>; --batch 1 is one system call per
/// datagram, to measure what batching gains). Prints the rate it really achieved and the CPU it
/// used: on loopback the sender's system calls also pay the kernel's delivery into every
/// receiving socket, so its ceiling depends on the receivers too. A sender that falls more than
/// 250 ms behind (descheduled on a loaded machine) does not burst to catch up: it drops the backlog from its schedule (counted as
/// lag resets), so the achieved rate shows its ceiling. With `--control stdin` it runs until its
/// standard input closes and takes commands there, so that a ramp is one continuous stream (no
/// restart, no CC or time jump between steps): `rate MBIT` changes the total rate and starts a new
/// segment; `stats` prints `STATS asked achieved cores datagrams_per_call lag_resets` for the
/// segment so far; `quit` (or the end of the input) ends the replay.
/// </summary>
public static class TsReplayCommand
{
    private const int DatagramBytes = 7 * 188;

    public static int Run(string[] args)
    {
        var a = new Arguments(args);
        var file = File.ReadAllBytes(a.Text("file"));
        var groups = Groups(a);
        var mbits = a.Number("mbits", 8.0 * groups.Count);
        var seconds = a.Number("seconds", 10);
        var batchSize = (int)a.WholeNumber("batch", 64);
        var name = a.Text("name", "replay");
        var timeline = TsFileTimeline.Scan(new MemoryStream(file, writable: false))
            ?? throw new ArgumentException("the file has no TS packets with PCR to loop by");
        if (!LinuxDatagramCalls.IsSupported)
        {
            Console.Error.WriteLine("ts-replay needs sendmmsg (Linux, 64-bit)");
            return 2;
        }

        var packets = (int)((file.Length - timeline.FirstPacketOffset) / 188);
        var channels = new LoopedChannel[groups.Count];
        for (var i = 0; i < channels.Length; i++)
        {
            channels[i] = new LoopedChannel(file, timeline, (int)((long)i * packets / channels.Length));
        }

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, IPAddress.Loopback.GetAddressBytes());
        socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, 1);
        socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, true);
        socket.SendBufferSize = 4 * 1024 * 1024;
        var buffer = GC.AllocateArray<byte>(batchSize * DatagramBytes, pinned: true);
        using var sender = new DatagramBatchSender(buffer, groups, batchSize);

        var control = a.Text("control", string.Empty) == "stdin" ? ReplayControl.StartReading(Console.In) : null;
        var lagResets = 0L;
        var skipped = 0L;
        var next = 0;
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var segment = new ReplaySegment(mbits, 0, 0, cpu0, 0, 0);
        while (true)
        {
            var elapsed = clock.Elapsed.TotalSeconds;
            if (control is null ? elapsed >= seconds : control.Closed)
            {
                break;
            }

            while (control is not null && control.TryTake(out var command))
            {
                if (command == "stats")
                {
                    Line(segment.Report(elapsed, sender.Datagrams, sender.Calls, lagResets));
                }
                else if (command == "quit")
                {
                    control.Quit();
                }
                else if (command.StartsWith("rate ", StringComparison.Ordinal))
                {
                    segment = new ReplaySegment(double.Parse(command[5..], CultureInfo.InvariantCulture), elapsed, sender.Datagrams, Process.GetCurrentProcess().TotalProcessorTime, sender.Calls, lagResets);
                    skipped = 0;
                }
            }

            var perSecond = segment.Mbits * 1e6 / (DatagramBytes * 8);
            var maxBacklog = Math.Max(batchSize, (long)(perSecond * 0.25));
            var due = (long)((elapsed - segment.Start) * perSecond) - skipped - (sender.Datagrams - segment.Datagrams);
            if (due > maxBacklog)
            {
                skipped += due - maxBacklog;
                due = maxBacklog;
                lagResets++;
            }

            while (due > 0)
            {
                var n = (int)Math.Min(due, batchSize);
                for (var i = 0; i < n; i++)
                {
                    channels[next].Fill(buffer.AsSpan(i * DatagramBytes, DatagramBytes));
                    sender.Set(i, i * DatagramBytes, DatagramBytes, next);
                    next = next + 1 == channels.Length ? 0 : next + 1;
                }

                sender.Send(socket, n);
                due -= n;
            }

            Thread.Sleep(1);
        }

        var wall = clock.Elapsed.TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
        var achieved = sender.Datagrams * DatagramBytes * 8 / wall / 1e6;
        Line($"FIGURE {name}.asked_rate {mbits:0.###} Mbit/s");
        Line($"FIGURE {name}.achieved_rate {achieved:0.###} Mbit/s");
        Line($"FIGURE {name}.cpu_seconds {cpu:0.###} s");
        Line($"FIGURE {name}.cpu_cores {cpu / wall:0.###} cores");
        Line($"FIGURE {name}.datagrams {sender.Datagrams} datagrams");
        Line($"FIGURE {name}.datagrams_per_call {(double)sender.Datagrams / Math.Max(1, sender.Calls):0.##} datagrams");
        Line($"FIGURE {name}.lag_resets {lagResets} resets");
        Line($"# {name}: {groups.Count} groups, {wall:0.###} s, batch {batchSize}, {sender.Calls} sendmmsg calls, {skipped} datagrams behind schedule dropped from it, {channels[0].Loops} file passes on the first channel");
        return 0;
    }

    /// <summary>--groups G:P,G:P,... or --group-prefix A.B.C --port-base P --channels N (group A.B.C.(i+1), port P+i).</summary>
    private static List<IPEndPoint> Groups(Arguments a)
    {
        var list = new List<IPEndPoint>();
        var explicitGroups = a.Text("groups", string.Empty);
        if (explicitGroups.Length > 0)
        {
            foreach (var item in explicitGroups.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                list.Add(IPEndPoint.Parse(item));
            }

            return list;
        }

        var prefix = a.Text("group-prefix");
        var portBase = (int)a.WholeNumber("port-base");
        var count = (int)a.WholeNumber("channels");
        for (var i = 0; i < count; i++)
        {
            list.Add(new IPEndPoint(IPAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"{prefix}.{i + 1}")), portBase + i));
        }

        return list;
    }

    private static void Line(string text) => Console.WriteLine(text);
}
