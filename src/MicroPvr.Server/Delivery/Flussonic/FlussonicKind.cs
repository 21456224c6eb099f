namespace MicroPvr.Server.Delivery.Flussonic;

/// <summary>The Flussonic-style URL forms players build by themselves (compat spec §11). docs/player-urls.md.</summary>
internal enum FlussonicKind
{
    /// <summary><c>/CH/mpegts</c>: MPEG-TS from the live edge.</summary>
    LiveTs,
    /// <summary><c>/CH/index.m3u8</c>, <c>mono.m3u8</c>, <c>video.m3u8</c>: sliding live HLS.</summary>
    LiveHls,
    /// <summary><c>/CH/timeshift_abs-FROM.ts</c>, <c>timeshift_rel-S.ts</c>: endless MPEG-TS from a time.</summary>
    TimeshiftTs,
    /// <summary><c>/CH/timeshift_abs-FROM.m3u8</c>, <c>index-FROM-now.m3u8</c>: growing HLS from a time to the live edge.</summary>
    TimeshiftHls,
    /// <summary><c>/CH/timeshift_rel-S.m3u8</c>: redirect to timeshift_abs of now − S, so reloads see one stable playlist.</summary>
    TimeshiftRelHls,
    /// <summary><c>/CH/archive-FROM-DURATION.m3u8</c>, <c>index-FROM-DURATION.m3u8</c>: HLS of a window.</summary>
    ArchiveHls,
    /// <summary><c>/CH/archive-FROM-DURATION.ts</c>: the window as one MPEG-TS download.</summary>
    ArchiveTs,
    /// <summary><c>/CH/seg-RECORD-OFFSET-LENGTH.ts</c>: one segment of our HLS, no byte ranges needed.</summary>
    Segment,
    /// <summary><c>/CH/recording_status.json</c>: recorded ranges and gaps.</summary>
    RecordingStatus,
}
