using System.Net.Sockets;
using System.Threading.Tasks.Sources;

namespace MicroPvr.Server.Delivery.ZeroCopy;

/// <summary>
/// One reusable <see cref="Socket.SendPacketsAsync(SocketAsyncEventArgs)"/> per connection, awaitable
/// without allocating a Task. On Linux .NET sends a file element with sendfile(2) on the
/// non-blocking socket and waits for writability through its epoll engine when the socket buffer
/// is full (EAGAIN): no thread is blocked by a slow reader, and file bytes never enter user space.
/// </summary>
internal sealed class SendPacketsOperation : SocketAsyncEventArgs, IValueTaskSource<SocketError>
{
    private ManualResetValueTaskSourceCore<SocketError> _source;

    public SendPacketsOperation()
        : base(unsafeSuppressExecutionContextFlow: true)
    {
    }

    /// <summary>Sends <see cref="SocketAsyncEventArgs.SendPacketsElements"/>; then read <see cref="SocketAsyncEventArgs.BytesTransferred"/>.</summary>
    public ValueTask<SocketError> SendAsync(Socket socket)
    {
        _source.Reset();
        return socket.SendPacketsAsync(this)
            ? new ValueTask<SocketError>(this, _source.Version)
            : ValueTask.FromResult(SocketError);
    }

    protected override void OnCompleted(SocketAsyncEventArgs e) => _source.SetResult(e.SocketError);

    public SocketError GetResult(short token) => _source.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _source.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _source.OnCompleted(continuation, state, token, flags);
}
