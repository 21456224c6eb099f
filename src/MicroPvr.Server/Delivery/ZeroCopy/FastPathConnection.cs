using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using MicroPvr.Core.Monitoring;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace MicroPvr.Server.Delivery.ZeroCopy;

/// <summary>
/// One connection while the fast path owns it. Reads request heads from Kestrel's transport
/// pipe (Kestrel's receive loop keeps filling it), writes answers straight to the socket
/// (Kestrel's send loop is idle: nothing is ever written to Transport.Output meanwhile), and
/// returns true when the connection is to be handed to Kestrel — with the request that made it
/// so still unread, and never "examined" further than it already was, so Kestrel's first read
/// returns it at once.
/// <para>
/// Timeouts follow Kestrel's limits: keep-alive between requests (the connection is closed), the
/// request-head timeout once a head has started (handed over: Kestrel answers as it does), and a
/// send watchdog per chunk (<see cref="FastPathLimits.SendStallTimeout"/>). One timer per
/// connection drives them; <see cref="_phase"/> under <see cref="_gate"/> says what it may cancel,
/// so a late timer can never cancel a read that Kestrel owns.
/// </para>
/// </summary>
internal sealed class FastPathConnection : IDisposable
{
    private readonly FileFastPath _owner;
    private readonly ConnectionContext _connection;
    private readonly Socket _socket;
    private readonly PipeReader _input;
    private readonly ITimer _timer;
    private readonly CancellationTokenRegistration _closeRequested;
    private readonly Lock _gate = new();
    private readonly byte[] _head = new byte[ResponseHead.MaxLength];
    private Phase _phase;
    private bool _expired;
    private bool _closing;
    private SendPacketsOperation? _send;

    public FastPathConnection(FileFastPath owner, ConnectionContext connection, Socket socket)
    {
        _owner = owner;
        _connection = connection;
        _socket = socket;
        _input = connection.Transport.Input;
        _timer = owner.Time.CreateTimer(static s => ((FastPathConnection)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        // Server shutdown: an idle connection closes now, a busy one after its answer.
        var closeRequested = connection.Features.Get<IConnectionLifetimeNotificationFeature>()?.ConnectionClosedRequested ?? CancellationToken.None;
        _closeRequested = closeRequested.Register(static s => ((FastPathConnection)s!).OnCloseRequested(), this);
    }

    private enum Phase
    {
        Idle,
        Reading,
        Sending,
        Done,
    }

    private enum Step
    {
        Continue,
        Close,
        HandOver,
    }

    /// <summary>Requests answered by the fast path on this connection.</summary>
    public int Answers { get; private set; }

    /// <summary>Serves requests until the connection closes (false) or goes to Kestrel (true).</summary>
    public async Task<bool> RunAsync()
    {
        try
        {
            while (true)
            {
                var step = await ServeOneAsync();
                if (step != Step.Continue)
                {
                    return step == Step.HandOver;
                }

                Answers++;
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The client reset or went away, or the watchdog aborted the connection.
            return false;
        }
    }

    private async ValueTask<Step> ServeOneAsync()
    {
        Arm(_owner.Limits.KeepAliveTimeout);
        SequencePosition? examined = null;
        while (true)
        {
            if (!Enter(Phase.Reading))
            {
                return Step.Close;
            }

            var result = await _input.ReadAsync();
            var buffer = result.Buffer;
            if (!Leave() || result.IsCanceled)
            {
                // Keep-alive or head timeout, or shutdown: close (Kestrel would too).
                _input.AdvanceTo(buffer.Start, buffer.End);
                return Step.Close;
            }

            var status = Parse(buffer, out var head);
            if (status == HeadParseStatus.Incomplete && !result.IsCompleted)
            {
                if (examined is null)
                {
                    Arm(_owner.Limits.RequestHeadersTimeout);
                }

                examined = buffer.End;
                _input.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }

            if (buffer.IsEmpty && result.IsCompleted)
            {
                _input.AdvanceTo(buffer.End);
                return Step.Close;
            }

            Arm(Timeout.InfiniteTimeSpan);
            var target = status == HeadParseStatus.Parsed ? _owner.Resolve(head) : FastPathTarget.HandOver;
            if (target.Kind == FastPathTargetKind.HandOver)
            {
                // Nothing consumed, nothing examined beyond what Kestrel's read may wait on.
                _input.AdvanceTo(buffer.Start, examined ?? buffer.Start);
                return Step.HandOver;
            }

            _input.AdvanceTo(buffer.GetPosition(head.Length));
            var connection = new ConnectionOptions(head.KeepAlive, head.Http10);
            var completed = target.Kind == FastPathTargetKind.File
                ? await AnswerFileAsync(head, target, connection)
                : await SendHeadAsync(ResponseHead.WriteNotFound(_head, connection, _owner.Date.Current, _owner.Limits.ServerHeader));
            return completed && head.KeepAlive && !Volatile.Read(ref _closing) ? Step.Continue : Step.Close;
        }
    }

    private HeadParseStatus Parse(ReadOnlySequence<byte> buffer, out RequestHead head)
    {
        var limits = _owner.Limits;
        if (buffer.IsSingleSegment)
        {
            return RequestHeadParser.Parse(buffer.FirstSpan, limits.MaxRequestLineSize, limits.MaxRequestHeadersTotalSize, out head);
        }

        // A head across pipe segments (pipelining, a slow client): parse a bounded copy.
        var length = (int)Math.Min(buffer.Length, limits.MaxRequestLineSize + limits.MaxRequestHeadersTotalSize + 8L);
        var copy = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            buffer.Slice(0, length).CopyTo(copy);
            return RequestHeadParser.Parse(copy.AsSpan(0, length), limits.MaxRequestLineSize, limits.MaxRequestHeadersTotalSize, out head);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    /// <summary>200/206/416 (HEAD: the same head, no body) with the accounting of the Kestrel path.</summary>
    private async ValueTask<bool> AnswerFileAsync(RequestHead head, FastPathTarget target, ConnectionOptions connection)
    {
        using var file = target.File!;
        var length = file.Length;
        var outcome = head.Range.Resolve(length, out var start, out var count);
        var contentType = RecordFileTarget.IsPlaylist(target.Path) ? "application/vnd.apple.mpegurl"u8 : "video/mp2t"u8;
        var headLength = ResponseHead.WriteFile(_head, outcome, start, count, length, contentType, connection, _owner.Date.Current, _owner.Limits.ServerHeader);
        // A session while the answer runs and the body bytes, per channel (DeliveryResults.Transfer).
        using var session = _owner.Statistics?.BeginTransfer(target.ChannelId);
        if (head.IsHead || outcome == RangeOutcome.Unsatisfiable || count == 0)
        {
            return await SendHeadAsync(headLength);
        }

        return await SendFileAsync(headLength, file, start, count, session, target.Path);
    }

    private async ValueTask<bool> SendHeadAsync(int headLength)
    {
        Arm(_owner.Limits.SendStallTimeout);
        if (!Enter(Phase.Sending))
        {
            return false;
        }

        await _socket.SendAsync(_head.AsMemory(0, headLength), SocketFlags.None);
        return Leave();
    }

    /// <summary>
    /// The head, then [start, start+count) of the file with sendfile(2), in chunks so the watchdog
    /// sees progress. A file that shrank below the range (truncated while sent) ends the answer
    /// short: the connection is closed, as Content-Length can no longer be met.
    /// </summary>
    private async ValueTask<bool> SendFileAsync(int headLength, FileStream file, long start, long count, DeliverySession? session, string path)
    {
        var send = _send ??= new SendPacketsOperation();
        var headElement = new SendPacketsElement(_head, 0, headLength);
        var offset = start;
        var remaining = count;
        var first = true;
        while (remaining > 0)
        {
            var chunk = (int)Math.Min(remaining, _owner.Limits.ChunkBytes);
            var body = new SendPacketsElement(file, offset, chunk);
            send.SendPacketsElements = first ? [headElement, body] : [body];
            Arm(_owner.Limits.SendStallTimeout);
            if (!Enter(Phase.Sending))
            {
                return false;
            }

            var error = await send.SendAsync(_socket);
            var alive = Leave();
            var sent = send.BytesTransferred - (first ? headLength : 0L);
            session?.AddBytes(sent);
            if (error == SocketError.InvalidArgument || (error == SocketError.Success && sent < chunk))
            {
                // .NET refuses a range past the current end (InvalidArgument) and sendfile(2)
                // stops at end of file: either way the file is shorter than when the head was sent.
                _owner.Shrank(path, offset - start + Math.Max(sent, 0), count);
                return false;
            }

            if (error != SocketError.Success || !alive)
            {
                return false; // the client went away, or the watchdog closed the connection
            }

            offset += chunk;
            remaining -= chunk;
            first = false;
        }

        return true;
    }

    private void Arm(TimeSpan timeout)
    {
        lock (_gate)
        {
            _expired = false;
        }

        _timer.Change(timeout, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Enters a phase the timer may cancel; false when the timer or a shutdown already did.</summary>
    private bool Enter(Phase phase)
    {
        lock (_gate)
        {
            if (_expired || (_closing && phase == Phase.Reading))
            {
                return false;
            }

            _phase = phase;
            return true;
        }
    }

    /// <summary>Leaves the phase; false when the timer fired (or a shutdown came) meanwhile.</summary>
    private bool Leave()
    {
        lock (_gate)
        {
            var reading = _phase == Phase.Reading;
            _phase = Phase.Idle;
            return !_expired && !(reading && _closing);
        }
    }

    private void OnTimer()
    {
        lock (_gate)
        {
            _expired = true;
            if (_phase == Phase.Reading)
            {
                _input.CancelPendingRead();
            }
            else if (_phase == Phase.Sending)
            {
                _connection.Abort(new ConnectionAbortedException("the client accepted no data for too long"));
            }
        }
    }

    private void OnCloseRequested()
    {
        lock (_gate)
        {
            _closing = true;
            if (_phase == Phase.Reading)
            {
                _input.CancelPendingRead();
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _phase = Phase.Done;
        }

        _timer.Dispose();
        _closeRequested.Dispose();
        _send?.Dispose();
    }
}
