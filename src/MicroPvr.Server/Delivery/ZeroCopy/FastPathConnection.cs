using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using MicroPvr.Core.Delivery;
using MicroPvr.Core.Monitoring;
using MicroPvr.Server.Delivery.Flussonic;
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
internal sealed class FastPathConnection : IArchiveSink, IDisposable
{
    /// <summary>Chunk-size line (at most 8 hex digits for an int) and CRLF.</summary>
    private const int ChunkLineMax = 10;
    private static readonly byte[] ChunkEnd = "\r\n"u8.ToArray();
    /// <summary>The last chunk and the end of an empty trailer section (RFC 9112 §7.1).</summary>
    private static readonly byte[] LastChunk = "0\r\n\r\n"u8.ToArray();

    private readonly FileFastPath _owner;
    private readonly ConnectionContext _connection;
    private readonly Socket _socket;
    private readonly PipeReader _input;
    private readonly ITimer _timer;
    private readonly CancellationTokenRegistration _closeRequested;
    private readonly Lock _gate = new();
    private readonly byte[] _head = new byte[ResponseHead.MaxLength + ChunkLineMax + 8];
    private Phase _phase;
    private bool _expired;
    private bool _closing;
    private SendPacketsOperation? _send;
    /// <summary>While a /ts stream is sent: the head still to go out with the first range (0: sent).</summary>
    private int _pendingHead;
    private bool _chunked;
    private DeliverySession? _streamSession;

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

            PlayerAnswer player = default;
            if (target.Kind == FastPathTargetKind.Player)
            {
                // Decided before anything is consumed: a URL the handler would refuse (unknown
                // channel, nothing recorded, no such segment) goes to Kestrel as it came, and
                // Kestrel gives the refusal with its text, its accounting and its log line.
                try
                {
                    player = await PlanPlayerAsync(head.Player!);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The catalog or the index failed: Kestrel's handler meets the same fault and
                    // answers (and logs) it as it does, rather than this connection being reset.
                    player = default;
                }

                if (player.Channel is null)
                {
                    _input.AdvanceTo(buffer.Start, examined ?? buffer.Start);
                    return Step.HandOver;
                }
            }

            _input.AdvanceTo(buffer.GetPosition(head.Length));
            var connection = new ConnectionOptions(head.KeepAlive, head.Http10);
            var completed = target.Kind switch
            {
                FastPathTargetKind.File => await AnswerFileAsync(head, target, connection),
                FastPathTargetKind.Ts => await AnswerTsAsync(head, head.Ts!.Value, connection),
                FastPathTargetKind.Player => await AnswerPlayerAsync(head, player, connection),
                _ => await SendHeadAsync(ResponseHead.WriteNotFound(_head, connection, _owner.Date.Current, _owner.Limits.ServerHeader)),
            };
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

    /// <summary>
    /// compat spec §6 <c>/ts</c> with the answers of the Kestrel handler (400, 404, HEAD, 200
    /// <c>video/mp2t</c>) and its accounting (compat spec §5: one counted request, a session while
    /// streaming, bytes per channel). <see cref="ArchiveStreamer"/> plans the stream; each file range
    /// goes out through <see cref="SendAsync"/> with sendfile(2). The stream ends when the plan
    /// ends (HTTP/1.1: the last chunk, and the connection goes on), or when the client is gone:
    /// Kestrel's receive loop, still reading the socket, closes the transport (FIN or RST), which
    /// cancels a live-edge wait; a send to a closed socket fails at once.
    /// </summary>
    private async ValueTask<bool> AnswerTsAsync(RequestHead head, TsQuery query, ConnectionOptions connection)
    {
        var ts = _owner.Ts!;
        var date = _owner.Date.Current;
        var server = _owner.Limits.ServerHeader;
        if (!query.Valid)
        {
            return await SendHeadAsync(ResponseHead.WriteBadRequest(_head, connection, date, server, head.IsHead));
        }

        var at = DateTimeOffset.FromUnixTimeSeconds(query.Timestamp);
        using var gone = CancellationTokenSource.CreateLinkedTokenSource(_connection.ConnectionClosed);
        var ct = gone.Token;
        var start = await ts.Timeline.StartAsync(query.ChannelId, at, query.Priority, ct);
        if (start is null)
        {
            ts.Statistics.RecordRequest(query.ChannelId, query.Aid, successful: false, ts.Statistics.IsNearEnd(at));
            return await SendHeadAsync(ResponseHead.WriteNotFound(_head, connection, date, server, head.IsHead));
        }

        if (head.IsHead)
        {
            // A player probing the URL: what a GET would start with, no stream, no session.
            return await SendHeadAsync(ResponseHead.WriteStream(_head, connection, chunked: false, date, server));
        }

        using var session = ts.Statistics.BeginContentRequest(query.ChannelId, query.Aid, at);
        FileFastPath.LogTsZeroCopy(_owner.Log, _connection.ConnectionId, query.ChannelId);
        return await StreamArchiveAsync(head, connection, start, new ArchiveStreamRequest(query.Endless, null, query.Priority), session, query.ChannelId, player: false);
    }

    /// <summary>
    /// Where a player MPEG-TS URL starts (<see cref="PlayerTsPlanner"/>, the Kestrel handler's own
    /// decision); no channel when the handler would refuse it. Reads the catalog and the index only.
    /// </summary>
    private async ValueTask<PlayerAnswer> PlanPlayerAsync(PlayerRequest request)
    {
        var player = _owner.Player!;
        var ct = _connection.ConnectionClosed;
        if (await player.Channels.ResolveAsync(request.Channel, ct) is not { } channel)
        {
            return default;
        }

        if (request.Url.Kind == FlussonicKind.Segment)
        {
            var segment = await player.Planner.OpenSegmentAsync(request.Url, channel.Id, ct);
            return segment.File is null ? default : new PlayerAnswer(channel, segment.File, default);
        }

        var start = await player.Planner.StartAsync(request.Url, channel.Id, ct);
        return start.Span is null ? default : new PlayerAnswer(channel, null, start);
    }

    /// <summary>
    /// A player MPEG-TS URL with the answers of <see cref="PlayerUrlHandler"/>: a segment is a
    /// Content-Length body sent with sendfile(2) and accounted as a transfer (a session and bytes for
    /// the channel, compat spec §5); a stream is a content request (aid, near_end) sent as /ts is.
    /// HEAD: the head a GET starts with, not accounted.
    /// </summary>
    private async ValueTask<bool> AnswerPlayerAsync(RequestHead head, PlayerAnswer answer, ConnectionOptions connection)
    {
        var player = _owner.Player!;
        var request = head.Player!;
        var channelId = answer.Channel!.Id;
        var date = _owner.Date.Current;
        var server = _owner.Limits.ServerHeader;
        PlayerUrlHandler.LogRequest(player.Log, request.Path, request.Url.Kind.ToString(), channelId);
        if (answer.Segment is { } file)
        {
            using (file)
            {
                var headLength = ResponseHead.WriteSegment(_head, request.Url.Length, connection, date, server);
                if (head.IsHead)
                {
                    return await SendHeadAsync(headLength);
                }

                using var transfer = _owner.Ts!.Statistics.BeginTransfer(channelId);
                FileFastPath.LogPlayerZeroCopy(_owner.Log, _connection.ConnectionId, request.Url.Kind.ToString(), channelId);
                return await SendFileAsync(headLength, file, request.Url.Offset, request.Url.Length, transfer, file.Name);
            }
        }

        if (head.IsHead)
        {
            return await SendHeadAsync(ResponseHead.WriteStream(_head, connection, chunked: false, date, server, noStore: true));
        }

        using var session = _owner.Ts!.Statistics.BeginContentRequest(channelId, request.Aid, answer.Start.Requested);
        FileFastPath.LogPlayerZeroCopy(_owner.Log, _connection.ConnectionId, request.Url.Kind.ToString(), channelId);
        return await StreamArchiveAsync(head, connection, answer.Start.Span!, answer.Start.Request!, session, channelId, player: true);
    }

    /// <summary>
    /// Streams what <see cref="ArchiveStreamer"/> plans from <paramref name="start"/>, each file range
    /// through <see cref="SendAsync"/>, until the plan ends or the client is gone; logs the end as the
    /// Kestrel handler of the URL does (7112 for /ts, 7202 for a player URL). True when the connection goes on.
    /// </summary>
    private async ValueTask<bool> StreamArchiveAsync(RequestHead head, ConnectionOptions connection, ArchiveSpan start, ArchiveStreamRequest request,
        DeliverySession session, int channelId, bool player)
    {
        var ts = _owner.Ts!;
        using var gone = CancellationTokenSource.CreateLinkedTokenSource(_connection.ConnectionClosed);
        var ct = gone.Token;
        using var hangUp = new ClientHangUp(ts.Timeline.Time, ct);
        _chunked = !head.Http10;
        _pendingHead = ResponseHead.WriteStream(_head, connection, _chunked, _owner.Date.Current, _owner.Limits.ServerHeader, noStore: player);
        _streamSession = session;
        var streamer = new ArchiveStreamer(ts.Timeline, statistics: null, ts.StreamLog);
        var ended = false;
        try
        {
            await streamer.StreamAsync(start, request, this, ct);
            ended = await EndStreamAsync();
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // A send found the client gone, or found the socket already closed by Kestrel's
            // transport after its receive loop saw the reset (it disposes the socket before the
            // ConnectionClosed token, queued to the thread pool, fires): the stream stops at this
            // send, which is when this path learns of the hang-up (or the watchdog's close).
            hangUp.MarkLeft();
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client went away (the live-edge wait cancelled), a shutdown, or the file shrank
            // under a chunk already announced: the connection closes.
        }
        finally
        {
            _streamSession = null;
            _pendingHead = 0;
            if (player)
            {
                PlayerUrlHandler.LogStreamEnded(_owner.Player!.Log, channelId, start.First.UtcMilliseconds, session.BytesSent, hangUp.MillisecondsSinceLeft());
            }
            else
            {
                TsStreamLog.StreamEnded(ts.StreamLog, channelId, start.First.UtcMilliseconds, session.BytesSent, hangUp.MillisecondsSinceLeft());
            }
        }

        // HTTP/1.0 has no framing: its end is the connection's end.
        return ended && !head.Http10;
    }

    /// <summary>The head if nothing was sent yet, then on HTTP/1.1 the last chunk.</summary>
    private async ValueTask<bool> EndStreamAsync()
    {
        var headLength = _pendingHead;
        _pendingHead = 0;
        if (_chunked)
        {
            LastChunk.CopyTo(_head, headLength);
            headLength += LastChunk.Length;
        }

        return headLength == 0 || await SendHeadAsync(headLength);
    }

    /// <summary>The send chunk of the fast path, in whole packets.</summary>
    public int MaxRangeBytes => _owner.Limits.ChunkBytes / 188 * 188;

    /// <summary>
    /// One file range of a /ts stream in one SendPacketsAsync call: [head with the first range]
    /// [chunk-size line, HTTP/1.1] [the range, sendfile] [CRLF, HTTP/1.1]. A range the file no
    /// longer holds throws (a chunk already announced cannot be cut short: the connection closes).
    /// </summary>
    public async ValueTask<int> SendAsync(FileStream file, long offset, int count, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var send = _send ??= new SendPacketsOperation();
        var prefix = _pendingHead;
        if (_chunked)
        {
            prefix += ResponseHead.WriteChunkSize(_head.AsSpan(prefix, ChunkLineMax), count);
        }

        var body = new SendPacketsElement(file, offset, count);
        send.SendPacketsElements = (prefix > 0, _chunked) switch
        {
            (true, true) => [new SendPacketsElement(_head, 0, prefix), body, new SendPacketsElement(ChunkEnd)],
            (true, false) => [new SendPacketsElement(_head, 0, prefix), body],
            _ => [body],
        };
        Arm(_owner.Limits.SendStallTimeout);
        if (!Enter(Phase.Sending))
        {
            throw new OperationCanceledException("the connection is closing");
        }

        var error = await send.SendAsync(_socket);
        var alive = Leave();
        var sent = Math.Min(Math.Max(send.BytesTransferred - prefix, 0L), count);
        _streamSession?.AddBytes(sent);
        _pendingHead = 0;
        if (error == SocketError.InvalidArgument || (error == SocketError.Success && sent < count))
        {
            // sendfile(2) stops short at the end of the file, and also when the peer resets
            // mid-range: only the file's length tells which.
            if (file.Length < offset + count)
            {
                throw new IOException($"{file.Name} ends before {offset + count}: the announced chunk cannot be completed");
            }

            throw new SocketException((int)SocketError.ConnectionReset);
        }

        if (error != SocketError.Success || !alive)
        {
            throw new SocketException((int)(error == SocketError.Success ? SocketError.TimedOut : error));
        }

        // The watchdog guards sends only: a stream waiting at the live edge (or for a seam, or a
        // stalled recorder) sends nothing for a while and must not be cut for it.
        Arm(Timeout.InfiniteTimeSpan);
        return count;
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

/// <summary>A player request the fast path answers: its channel and an open segment file or the start of its stream; no channel: Kestrel's.</summary>
internal readonly record struct PlayerAnswer(PlayerChannel? Channel, FileStream? Segment, PlayerTsStart Start);
