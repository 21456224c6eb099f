namespace MicroPvr.Catalog.Sqlite.Tests.Storage;

/// <summary>A clock the test moves by hand (retention passes are run explicitly).</summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
