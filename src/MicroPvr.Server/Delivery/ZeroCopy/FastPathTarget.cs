namespace MicroPvr.Server.Delivery.ZeroCopy;

/// <summary>What a parsed fast-path request resolved to: hand over, 404, or an open file.</summary>
internal readonly record struct FastPathTarget(FastPathTargetKind Kind, FileStream? File, string Path, int? ChannelId)
{
    public static FastPathTarget HandOver => new(FastPathTargetKind.HandOver, null, "", null);

    public static FastPathTarget NotFound => new(FastPathTargetKind.NotFound, null, "", null);

    public static FastPathTarget Player => new(FastPathTargetKind.Player, null, "", null);

    public static FastPathTarget Ts => new(FastPathTargetKind.Ts, null, "", null);
}
