namespace MicroPvr.Server.Hosting;

/// <summary>Remembers that a stop signal arrived, to tell a requested stop from a failure.</summary>
internal sealed class StopSignal
{
    private volatile bool _received;

    public bool Received
    {
        get => _received;
        set => _received = value;
    }
}
