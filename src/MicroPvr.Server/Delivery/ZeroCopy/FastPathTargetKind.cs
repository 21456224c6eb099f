namespace MicroPvr.Server.Delivery.ZeroCopy;

internal enum FastPathTargetKind
{
    /// <summary>Kestrel's (a virtual playlist generated on request).</summary>
    HandOver,

    /// <summary>Unknown nickname, a path outside the record directory, a missing file (compat spec §6).</summary>
    NotFound,

    /// <summary>A record file, open for reading.</summary>
    File,

    /// <summary>A <c>/ts</c> request (compat spec §6), answered from the archive timeline.</summary>
    Ts,

    /// <summary>A player URL that streams MPEG-TS (compat spec §11), answered from the archive timeline or a record file.</summary>
    Player,
}
