using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace MicroPvr.Core.Logging;

/// <summary>
/// log-syslog / log-syslog-critical (compat spec §4): RFC 3164 datagrams to the local syslog
/// socket. As syslog(3) does on the local socket, HOSTNAME is left out (`&lt;PRI&gt;Mmm dd hh:mm:ss
/// micropvr[pid]: MSG`); the syslog daemon adds it. Packets are cut to 1024 bytes (RFC 3164 §4.1).
/// The socket is non-blocking: when syslog is slow or absent, lines are dropped, never waited for.
/// </summary>
internal sealed class SyslogLogSink : ILogSink
{
    private const int MaxPacket = 1024;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(10);
    private readonly string _socketPath;
    private readonly int _facility;
    private readonly bool _all;
    private readonly TimeZoneInfo _zone;
    private readonly int _pid;
    private readonly byte[] _buffer = new byte[MaxPacket];
    private Socket? _socket;
    private long _retryAtTicks;

    /// <param name="all">true: every line (log-syslog); false: CRITICAL lines only (log-syslog-critical).</param>
    public SyslogLogSink(string socketPath, int facility, bool all, TimeZoneInfo zone, int pid)
    {
        _socketPath = socketPath;
        _facility = facility;
        _all = all;
        _zone = zone;
        _pid = pid;
    }

    public static string FormatPacket(in LogEntry entry, int facility, TimeZoneInfo zone, int pid)
    {
        var pri = (facility * 8) + LogLevels.SyslogSeverity(entry.Level);
        var local = TimeZoneInfo.ConvertTime(entry.TimestampUtc, zone).DateTime;
        var sb = new StringBuilder(64 + entry.Text.Length);
        sb.Append('<').Append(pri.ToString(CultureInfo.InvariantCulture)).Append('>');
        LogLineFormatter.AppendRfc3164Timestamp(sb, local);
        sb.Append(" micropvr[").Append(pid.ToString(CultureInfo.InvariantCulture)).Append("]: ")
          .Append(LogLevels.Name(entry.Level)).Append(' ').Append(entry.Module).Append(' ').Append(entry.Function)
          .Append(": (").Append(entry.Code.ToString(CultureInfo.InvariantCulture)).Append(") ").Append(entry.Text);
        return sb.ToString();
    }

    public void Write(in LogEntry entry, string line)
    {
        if (!_all && entry.Level != Microsoft.Extensions.Logging.LogLevel.Critical)
        {
            return;
        }
        var socket = _socket ?? Connect();
        if (socket is null)
        {
            return;
        }
        var text = FormatPacket(entry, _facility, _zone, _pid);
        var length = Encode(text, _buffer);
        try
        {
            socket.Send(_buffer.AsSpan(0, length), SocketFlags.None);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.WouldBlock)
        {
            // syslog is behind: drop this line rather than wait.
        }
        catch (SocketException)
        {
            Close();
        }
    }

    public void Flush()
    {
    }

    public void Reopen() => Close();

    public void Dispose() => Close();

    /// <summary>UTF-8 bytes of the packet, cut at a character boundary to fit <see cref="MaxPacket"/>.</summary>
    private static int Encode(string text, byte[] buffer)
    {
        var encoder = Encoding.UTF8.GetEncoder();
        encoder.Convert(text.AsSpan(), buffer, flush: true, out _, out var bytesUsed, out _);
        return bytesUsed;
    }

    private Socket? Connect()
    {
        if (Environment.TickCount64 < _retryAtTicks)
        {
            return null;
        }
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(_socketPath));
            socket.Blocking = false;
            _socket = socket;
            return socket;
        }
        catch (SocketException)
        {
            socket.Dispose();
            _retryAtTicks = Environment.TickCount64 + (long)RetryDelay.TotalMilliseconds;
            return null;
        }
    }

    private void Close()
    {
        _socket?.Dispose();
        _socket = null;
        _retryAtTicks = 0;
    }
}
