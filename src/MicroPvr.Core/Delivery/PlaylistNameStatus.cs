namespace MicroPvr.Core.Delivery;

/// <summary>Outcome of get_playlist_name (compat spec §5).</summary>
public enum PlaylistNameStatus
{
    Ok = 0,
    /// <summary>No record matches the channel and range (API error 200).</summary>
    NoRecord = 1,
    /// <summary>The playlist type is not served (RMPD until DASH exists: API error 200 "not supported").</summary>
    NotSupported = 2,
    /// <summary>end ≤ start, unknown type spelling, or a non-positive channel (API error 101).</summary>
    InvalidArgument = 3,
}
