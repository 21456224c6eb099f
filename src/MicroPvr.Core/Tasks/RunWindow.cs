namespace MicroPvr.Core.Tasks;

/// <summary>
/// The planned window of one task run: when it starts recording and its planned end
/// (compat spec §3). <see cref="Start"/> may lie before now: such a run starts at once.
/// </summary>
public readonly record struct RunWindow(DateTimeOffset Start, DateTimeOffset End)
{
    public TimeSpan Length => End > Start ? End - Start : TimeSpan.Zero;
}
