using System.Buffers;
using MicroPvr.Core.Catalog;
using MicroPvr.Core.Configuration;

namespace MicroPvr.Core.Delivery;

/// <summary>
/// <see cref="IPlaylistService"/>: byte-range HLS (EXT-X-VERSION 4) of record files, segments cut
/// at keyframes and no longer than records-default-segment-size (compat spec §4). The playlist
/// lives in the directory of the copy that serves the range's start; segments of other copies
/// are addressed as <c>../&lt;nickname&gt;/ch_N/file.ts</c>.
/// </summary>
public sealed class PlaylistService : IPlaylistService
{
    private readonly ArchiveTimeline _timeline;
    private readonly ArchiveWindowPlanner _planner;
    private readonly RecordDirectories _directories;
    private readonly Func<MicroPvrOptions> _options;

    public PlaylistService(ArchiveTimeline timeline, RecordDirectories directories, Func<MicroPvrOptions> options)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentNullException.ThrowIfNull(directories);
        ArgumentNullException.ThrowIfNull(options);
        _timeline = timeline;
        _planner = new ArchiveWindowPlanner(timeline);
        _directories = directories;
        _options = options;
    }

    /// <summary>
    /// Longest segment: records-default-segment-size (compat spec §4). The original could not go
    /// below records-checking-period (its seek precision); our index is keyframe-precise, so the
    /// configured size is used as is.
    /// </summary>
    public TimeSpan MaxSegment => TimeSpan.FromSeconds(Math.Max(1, _options().RecordsDefaultSegmentSizeSeconds));

    public async ValueTask<PlaylistNameResult> GetPlaylistNameAsync(int channelId, DateTimeOffset start, DateTimeOffset end, string? playlistType,
        int? priority = null, CancellationToken ct = default)
    {
        if (channelId <= 0 || end <= start)
        {
            return PlaylistNameResult.Of(PlaylistNameStatus.InvalidArgument);
        }

        if (string.Equals(playlistType, "RMPD", StringComparison.OrdinalIgnoreCase))
        {
            return PlaylistNameResult.Of(PlaylistNameStatus.NotSupported);
        }

        if (!string.IsNullOrEmpty(playlistType) && !string.Equals(playlistType, "HLS4", StringComparison.OrdinalIgnoreCase))
        {
            return PlaylistNameResult.Of(PlaylistNameStatus.InvalidArgument);
        }

        var span = await _timeline.StartAsync(channelId, start, priority, ct);
        if (span is null || span.Record.Start > end)
        {
            return PlaylistNameResult.Of(PlaylistNameStatus.NoRecord);
        }

        var name = new PlaylistName(channelId, start.ToUnixTimeSeconds(), end.ToUnixTimeSeconds(), priority);
        return new PlaylistNameResult(PlaylistNameStatus.Ok, _directories.NicknameOf(span.Record.RecordLocation) + "/" + name.FileName);
    }

    public async ValueTask<bool> TryWritePlaylistAsync(string nickname, string fileName, IBufferWriter<byte> output, CancellationToken ct = default)
    {
        if (!PlaylistName.TryParse(fileName, out var name) || await _directories.ResolveAsync(nickname, ct) is null)
        {
            return false;
        }

        // end_timestamp is the latest segment START allowed (compat spec §5): inclusive.
        var window = await _planner.PlanAsync(name.ChannelId, DateTimeOffset.FromUnixTimeSeconds(name.StartUnix),
            DateTimeOffset.FromUnixTimeSeconds(name.EndUnix).AddMilliseconds(1), name.Priority, MaxSegment, ct);
        if (window.Segments.Count == 0 && window.Complete)
        {
            return false;
        }

        var uris = new Dictionary<string, string>(StringComparer.Ordinal);
        ArchivePlaylistBuilder.Write(output, window, SegmentUriStyle.ByteRange, r => RecordUri(r, nickname, uris), (int)MaxSegment.TotalSeconds);
        return true;
    }

    /// <summary>URI of a record file relative to /pvr/&lt;nickname&gt;/.</summary>
    private string RecordUri(RecordFile record, string playlistNickname, Dictionary<string, string> cache)
    {
        if (!cache.TryGetValue(record.RecordLocation, out var recordNickname))
        {
            recordNickname = _directories.NicknameOf(record.RecordLocation);
            cache[record.RecordLocation] = recordNickname;
        }

        var relative = Path.GetRelativePath(record.RecordLocation, record.Path).Replace('\\', '/');
        return string.Equals(recordNickname, playlistNickname, StringComparison.Ordinal) ? relative : "../" + recordNickname + "/" + relative;
    }
}
