using System.Net.Sockets;
using MicroPvr.Core.Monitoring;
using MicroPvr.Core.Storage;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Server.Delivery.ZeroCopy;

/// <summary>
/// Zero-copy fast path for <c>/pvr/&lt;nickname&gt;/&lt;file&gt;</c> and <c>/ts</c> (compat spec §6) and the
/// player URLs that stream MPEG-TS (compat spec §11, <see cref="PlayerRequest"/>), as a Kestrel connection
/// middleware on the delivery port (docs/delivery.md "Zero-copy fast path"). While the requests of
/// a connection are plain GET/HEAD of a record file, it answers them itself: the head is written to
/// the socket and the body is sent with sendfile(2), so file bytes never cross user space. At the
/// first request it does not answer, it leaves the bytes unread and hands the connection to
/// Kestrel for good. Same resolution (nickname, traversal and symlink checks), same answers
/// (200/206/416/404 with the headers the Kestrel handler sends) and same accounting as
/// <see cref="DeliveryEndpointRouteBuilderExtensions"/>.
/// </summary>
internal sealed partial class FileFastPath
{
    private readonly IStorageManager _storage;
    private readonly ILogger _log;

    public FileFastPath(IStorageManager storage, RequestStatistics? statistics, TimeProvider time, FastPathLimits limits, ILogger log, TsFastPath? ts = null, PlayerFastPath? player = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(log);
        _storage = storage;
        Statistics = statistics;
        Time = time;
        Limits = limits;
        Date = new HttpDate(time);
        _log = log;
        Ts = ts;
        Player = ts is null ? null : player;
    }

    /// <summary>Set when the MPEG-TS player URLs are answered here too (needs <see cref="Ts"/>; null: Kestrel answers them).</summary>
    public PlayerFastPath? Player { get; }

    /// <summary>Set when <c>/ts</c> is answered here too (null: Kestrel answers it).</summary>
    public TsFastPath? Ts { get; }

    public ILogger Log => _log;

    public RequestStatistics? Statistics { get; }

    public TimeProvider Time { get; }

    public FastPathLimits Limits { get; }

    public HttpDate Date { get; }

    /// <summary>The connection middleware: serve while we can, then Kestrel (<paramref name="next"/>).</summary>
    public async Task OnConnectionAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(next);
        if (connection.Features.Get<IConnectionSocketFeature>()?.Socket is not { } socket || socket.SocketType != SocketType.Stream)
        {
            await next(connection);
            return;
        }

        bool handOver;
        var state = new FastPathConnection(this, connection, socket);
        try
        {
            handOver = await state.RunAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A bug, never the client's doing (client faults end RunAsync normally): close this
            // connection only, the daemon goes on.
            LogFailed(_log, connection.ConnectionId, ex.Message, ex);
            connection.Abort(new ConnectionAbortedException("zero-copy delivery failed", ex));
            return;
        }
        finally
        {
            state.Dispose();
        }

        if (handOver)
        {
            LogHandedOver(_log, connection.ConnectionId, state.Answers);
            await next(connection);
        }
    }

    /// <summary>
    /// The file of a parsed request, resolved exactly as the Kestrel handler does. A virtual
    /// playlist name is Kestrel's (it is generated, not a file).
    /// </summary>
    public FastPathTarget Resolve(in RequestHead head)
    {
        if (head.Ts is not null)
        {
            return Ts is null ? FastPathTarget.HandOver : FastPathTarget.Ts;
        }

        if (head.Player is not null)
        {
            return Player is null ? FastPathTarget.HandOver : FastPathTarget.Player;
        }

        if (PlaylistEndpoints.IsVirtualPlaylist(head.File))
        {
            return FastPathTarget.HandOver;
        }

        if (RecordFileTarget.ResolvePath(_storage, head.Nickname, head.File) is not { } path)
        {
            return FastPathTarget.NotFound;
        }

        try
        {
            // FileShare.ReadWrite | Delete: the recorder keeps writing and retention keeps deleting
            // (an unlinked file stays readable through this handle until the answer ends).
            // Asynchronous: SendPacketsElement insists on it; nothing is ever read through the stream.
            var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 0, FileOptions.Asynchronous);
            return new FastPathTarget(FastPathTargetKind.File, file, path, RecordFileTarget.ChannelOf(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return FastPathTarget.NotFound;
        }
    }

    public void Shrank(string path, long sent, long count) => LogShrank(_log, path, sent, count);
}
