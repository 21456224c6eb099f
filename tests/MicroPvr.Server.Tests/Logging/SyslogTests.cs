using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using MicroPvr.Core.Logging;
using MicroPvr.TestKit;

namespace MicroPvr.Server.Tests.Logging;

/// <summary>log-syslog and log-syslog-critical: RFC 3164 datagrams received on a real unix socket.</summary>
public sealed class SyslogTests
{
    [Fact]
    public void Every_line_is_sent_as_an_rfc3164_datagram_with_facility_and_severity()
    {
        using var dir = new TempDirectory();
        using var server = Bind(dir.Combine("log.sock"));
        using var writer = new LogWriter(new LogSettings { Syslog = true, SyslogFacility = 16, SyslogSocket = dir.Combine("log.sock"), VerboseLevel = 3 });
        var logger = new MicroPvrLoggerProvider(writer).CreateLogger("MicroPvr.Test");

        LogTestSupport.LogStart(logger, "hello");
        LogTestSupport.LogTaskPostponed(logger, "disk");
        writer.FlushOrFail();

        // local0 (16) * 8 + info (6) = 134; + warning (4) = 132.
        var first = Receive(server);
        Assert.Matches(new Regex(@"^<134>[A-Z][a-z]{2} [ 1-3]\d \d\d:\d\d:\d\d micropvr\[\d+\]: INFO MAIN Start: \(1000\) start hello$"), first);
        Assert.Matches(new Regex(@"^<132>.* micropvr\[\d+\]: WARNING TASK MANAGER TaskPostponed: \(4101\) task postponed: disk$"), Receive(server));
    }

    [Fact]
    public void Syslog_critical_sends_only_critical_lines()
    {
        using var dir = new TempDirectory();
        using var server = Bind(dir.Combine("log.sock"));
        using var writer = new LogWriter(new LogSettings { SyslogCritical = true, SyslogSocket = dir.Combine("log.sock"), VerboseLevel = 4 });
        var logger = new MicroPvrLoggerProvider(writer).CreateLogger("MicroPvr.Test");

        LogTestSupport.LogStart(logger, "not sent");
        LogTestSupport.LogRecorderDied(logger, "sent");
        writer.FlushOrFail();

        // Default facility daemon (3) * 8 + crit (2) = 26.
        var packet = Receive(server);
        Assert.StartsWith("<26>", packet, StringComparison.Ordinal);
        Assert.EndsWith("CRITICAL RECORDER MANAGER RecorderDied: (5113) recorder died: sent", packet, StringComparison.Ordinal);
        server.ReceiveTimeout = 300;
        Assert.Throws<SocketException>(() => Receive(server));
    }

    [Fact]
    public void Long_messages_are_cut_to_1024_bytes()
    {
        using var dir = new TempDirectory();
        using var server = Bind(dir.Combine("log.sock"));
        using var writer = new LogWriter(new LogSettings { Syslog = true, SyslogSocket = dir.Combine("log.sock") });
        var logger = new MicroPvrLoggerProvider(writer).CreateLogger("MicroPvr.Test");

        LogTestSupport.LogStart(logger, new string('é', 2000));
        writer.FlushOrFail();

        var buffer = new byte[4096];
        var length = server.Receive(buffer);
        Assert.True(length is <= 1024 and > 1000, $"length {length}");
        Assert.DoesNotContain('\uFFFD', Encoding.UTF8.GetString(buffer, 0, length));
    }

    [Fact]
    public void A_missing_syslog_socket_loses_lines_without_failing()
    {
        using var dir = new TempDirectory();
        var file = dir.Combine("m.log");
        using var writer = new LogWriter(new LogSettings { Syslog = true, SyslogSocket = dir.Combine("absent.sock"), FilePath = file });
        var logger = new MicroPvrLoggerProvider(writer).CreateLogger("MicroPvr.Test");

        LogTestSupport.LogStart(logger, "still in the file");
        writer.FlushOrFail();

        Assert.Contains("still in the file", LogTestSupport.ReadShared(file), StringComparison.Ordinal);
    }

    private static Socket Bind(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        socket.ReceiveTimeout = 10_000;
        return socket;
    }

    private static string Receive(Socket socket)
    {
        var buffer = new byte[4096];
        var length = socket.Receive(buffer);
        return Encoding.UTF8.GetString(buffer, 0, length);
    }
}
