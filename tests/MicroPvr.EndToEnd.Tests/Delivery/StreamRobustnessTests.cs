using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using MicroPvr.EndToEnd.Tests.Api;
using MicroPvr.EndToEnd.Tests.Daemon;
using MicroPvr.TestKit;

namespace MicroPvr.EndToEnd.Tests.Delivery;

/// <summary>
/// /ts under bad clients and load on the real daemon (issue 5 "Faults and bad input"): slow readers
/// and clients that vanish hold no file handle once gone and never stall the recorder; a record
/// deleted while it is streamed ends the stream cleanly; a few hundred concurrent viewers all get
/// data while the API keeps answering. File handles are counted in /proc/&lt;pid&gt;/fd.
/// </summary>
public sealed class StreamRobustnessTests
{
    private const int ChannelId = 13;
    private const int SlowReaders = 10;
    private const int Viewers = 300;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Slow_vanishing_and_many_viewers_leave_no_open_files_and_stall_neither_recorder_nor_api()
    {
        // 8 Mbit/s CBR: the finished record (~10 MB) is far larger than what the kernel and Kestrel
        // buffer for a client that does not read, so its slow readers really are mid-stream.
        using var source = new LiveSource(new LiveEncoderOptions { MuxRateMbitPerSecond = 8 });
        await using var daemon = await DaemonProcess.StartAsync(new Dictionary<string, JsonNode?> { ["task-postpone-time"] = 2 });
        await MiddlewareClient.WaitListeningAsync(daemon.RpcPort);
        // A seamless periodic task whose first run ends in ~10 s: a finished record and a growing one.
        await CreateTaskAsync(daemon, source.TaskUrl, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 120 + 10);
        Assert.True(await RecordsOnDisk.WaitAsync(
            () => RecordsOnDisk.Files(daemon.RecordsDir, ChannelId) is [var f, var g] && Completed(daemon, f) && RecordsOnDisk.IndexedSeconds(g) >= 2, Patience),
            $"no finished and growing record of channel {ChannelId}. ffmpeg: {source.Errors}\nOutput:\n{daemon.Output}");
        var (finished, growing) = (RecordsOnDisk.Files(daemon.RecordsDir, ChannelId)[0], RecordsOnDisk.Files(daemon.RecordsDir, ChannelId)[1]);
        var finishedStart = RecordsOnDisk.Index(finished)[0].UtcMilliseconds / 1000;
        var finishedLength = new FileInfo(finished).Length;
        var pid = daemon.Process.Id;
        Assert.Empty(OpenRecordFiles(pid, daemon.RecordsDir));

        // Slow readers: tiny receive windows, nothing read after the first bytes.
        var slowOld = new List<Viewer>();
        var slowLive = new List<Viewer>();
        for (var i = 0; i < SlowReaders; i++)
        {
            slowOld.Add(await Viewer.OpenAsync(daemon.HttpPort, $"/ts?channel_id={ChannelId}&timestamp={finishedStart + 1}", receiveBuffer: 4096));
            slowLive.Add(await Viewer.OpenAsync(daemon.HttpPort, $"/ts?channel_id={ChannelId}&timestamp={DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 2}&endless=1", receiveBuffer: 4096));
        }

        foreach (var v in slowOld.Concat(slowLive))
        {
            Assert.True(await v.ReadAtLeastAsync(2048, Patience), "a slow reader got no data");
        }

        // At least one handle per old reader: a live reader whose keyframe at now - 2 s is still in
        // the finished record (the runs overlap) may sit there too, stalled before the seam when
        // its send (sendfile on the fast path) does not fit the socket buffers.
        Assert.True(await RecordsOnDisk.WaitAsync(() => OpenRecordFiles(pid, daemon.RecordsDir).Count(p => p.Contains(finished, StringComparison.Ordinal)) >= SlowReaders, Patience),
            "the slow readers of the finished record do not hold it open: " + string.Join(", ", OpenRecordFiles(pid, daemon.RecordsDir)));

        // The recorder is not held back by readers that do not read.
        var before = RecordsOnDisk.Index(growing)[^1].UtcMilliseconds;
        Assert.True(await RecordsOnDisk.WaitAsync(() => RecordsOnDisk.Index(growing)[^1].UtcMilliseconds - before >= 4_000, Patience),
            "the recording stalled while slow readers were connected");
        Assert.True((await MiddlewareClient.CallAsync(daemon.RpcPort, "is_alive"))["result"] is not null);

        // Retention-style deletion (delete_records never touches the file being written) while streamed.
        var deleted = await MiddlewareClient.CallAsync(daemon.RpcPort, "delete_records",
            new JsonObject { ["channel_id"] = ChannelId, ["timestamp"] = finishedStart }.ToJsonString());
        Assert.True(deleted["error"] is null, deleted.ToJsonString());
        Assert.False(File.Exists(finished), "the finished record was not deleted");

        // Its streams end cleanly: the whole response (terminal chunk) arrives, then the connection closes.
        foreach (var v in slowOld)
        {
            var (clean, bytes) = await v.ReadToEndAsync(Patience);
            Assert.True(clean, $"the stream of the deleted record did not end cleanly after {bytes} bytes");
            Assert.True(bytes > finishedLength / 2, $"only {bytes} of {finishedLength} bytes streamed");
        }

        // Live readers that vanish without a word (RST).
        foreach (var v in slowLive)
        {
            v.Abort();
        }

        Assert.True(await RecordsOnDisk.WaitAsync(() => OpenRecordFiles(pid, daemon.RecordsDir).Count == 0, Patience),
            "files still open after the slow readers left: " + string.Join(", ", OpenRecordFiles(pid, daemon.RecordsDir)));

        // A few hundred concurrent viewers of the growing record, from its start and following it.
        var growingStart = RecordsOnDisk.Index(growing)[0].UtcMilliseconds / 1000;
        var viewers = await Task.WhenAll(Enumerable.Range(0, Viewers).Select(_ =>
            Viewer.OpenAsync(daemon.HttpPort, $"/ts?channel_id={ChannelId}&timestamp={growingStart + 1}&endless=1")));
        try
        {
            var fed = await Task.WhenAll(viewers.Select(v => v.ReadAtLeastAsync(64 * 1024, Patience)));
            Assert.Equal(Viewers, fed.Count(ok => ok));
            var alive = await MiddlewareClient.CallAsync(daemon.RpcPort, "is_alive");
            Assert.True(alive["result"]?["is_alive"] is not null, alive.ToJsonString());
            Assert.True(OpenRecordFiles(pid, daemon.RecordsDir).Count >= Viewers, "viewers without an open record");
        }
        finally
        {
            foreach (var v in viewers)
            {
                v.Abort();
            }
        }

        Assert.True(await RecordsOnDisk.WaitAsync(() => OpenRecordFiles(pid, daemon.RecordsDir).Count == 0, Patience),
            $"{OpenRecordFiles(pid, daemon.RecordsDir).Count} record files open for reading after the viewers left");
        Assert.False(daemon.HasExited, daemon.Output);
    }

    /// <summary>
    /// Record files (.ts) the daemon holds open for reading, from /proc/&lt;pid&gt;/fd and the access
    /// mode in fdinfo: the recorder's own write handles (which come and go with its runs) are not
    /// counted, so no reader left means an empty list.
    /// </summary>
    private static List<string> OpenRecordFiles(int pid, string recordsDir)
    {
        var list = new List<string>();
        foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget is not { } target || !target.StartsWith(recordsDir, StringComparison.Ordinal)
                    || !(target.EndsWith(".ts", StringComparison.Ordinal) || target.EndsWith(".ts (deleted)", StringComparison.Ordinal)))
                {
                    continue;
                }

                // "flags:\t0100000": octal open(2) flags; the low two bits are the access mode (0 = read-only).
                var flags = File.ReadAllLines($"/proc/{pid}/fdinfo/{Path.GetFileName(fd)}").First(l => l.StartsWith("flags:", StringComparison.Ordinal));
                if ((Convert.ToInt32(flags["flags:".Length..].Trim(), 8) & 3) == 0)
                {
                    list.Add(target);
                }
            }
            catch (IOException)
            {
                // Closed while listing.
            }
        }

        list.Sort(StringComparer.Ordinal);
        return list;
    }

    private static bool Completed(DaemonProcess daemon, string record) =>
        daemon.Output.Split('\n').Any(l => l.Contains("(5114)", StringComparison.Ordinal) && l.Contains(record, StringComparison.Ordinal));

    private static async Task CreateTaskAsync(DaemonProcess daemon, string sourceUrl, long start)
    {
        await new RecordingTask(ChannelId, "Robustness test", daemon.RecordsDir, sourceUrl) { Duration = 120, RepeatPeriod = 120, StartTimestamp = start }.CreateAsync(daemon.RpcPort);
    }

    /// <summary>A raw HTTP/1.1 client of one /ts stream, so each viewer costs one socket and no pool.</summary>
    private sealed class Viewer
    {
        private readonly Socket _socket;
        private readonly byte[] _buffer = new byte[16 * 1024];
        private readonly MemoryStream _head = new();
        private long _received;

        private Viewer(Socket socket) => _socket = socket;

        public static async Task<Viewer> OpenAsync(int port, string pathAndQuery, int? receiveBuffer = null)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            if (receiveBuffer is { } size)
            {
                socket.ReceiveBufferSize = size;
            }

            using var cts = new CancellationTokenSource(Patience);
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cts.Token);
            await socket.SendAsync(Encoding.ASCII.GetBytes($"GET {pathAndQuery} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"), SocketFlags.None, cts.Token);
            return new Viewer(socket);
        }

        /// <summary>Reads until at least <paramref name="bytes"/> bytes (headers included) arrived.</summary>
        public async Task<bool> ReadAtLeastAsync(long bytes, TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                while (_received < bytes)
                {
                    var n = await _socket.ReceiveAsync(_buffer, SocketFlags.None, cts.Token);
                    if (n == 0)
                    {
                        return false;
                    }

                    Keep(n);
                }

                return Head.StartsWith("HTTP/1.1 200", StringComparison.Ordinal);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        /// <summary>Reads until the server closes; clean = a 200 whose chunked body ended with the terminal chunk.</summary>
        public async Task<(bool Clean, long Bytes)> ReadToEndAsync(TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            var tail = new byte[5];
            var tailLength = 0;
            try
            {
                while (true)
                {
                    var n = await _socket.ReceiveAsync(_buffer, SocketFlags.None, cts.Token);
                    if (n == 0)
                    {
                        break;
                    }

                    Keep(n);
                    // Keep the last 5 bytes seen: a chunked body ends with "0\r\n\r\n" (RFC 9112 §7.1).
                    var take = Math.Min(5, n);
                    var kept = Math.Min(tailLength, 5 - take);
                    Array.Copy(tail, tailLength - kept, tail, 0, kept);
                    Array.Copy(_buffer, n - take, tail, kept, take);
                    tailLength = kept + take;
                }
            }
            catch (OperationCanceledException)
            {
                return (false, _received);
            }
            finally
            {
                _socket.Dispose();
            }

            var clean = Head.StartsWith("HTTP/1.1 200", StringComparison.Ordinal) && tailLength == 5 && tail.AsSpan().SequenceEqual("0\r\n\r\n"u8);
            return (clean, _received);
        }

        /// <summary>Vanishes without a goodbye: the server sees a reset.</summary>
        public void Abort()
        {
            try
            {
                _socket.LingerState = new LingerOption(true, 0);
            }
            catch (SocketException)
            {
                // Already reset by the server.
            }

            _socket.Dispose();
        }

        private string Head => Encoding.ASCII.GetString(_head.GetBuffer(), 0, (int)_head.Length);

        private void Keep(int n)
        {
            if (_head.Length < 64)
            {
                _head.Write(_buffer, 0, Math.Min(n, 64 - (int)_head.Length));
            }

            _received += n;
        }
    }
}
