using MicroPvr.Core.Recording;
using MicroPvr.Media.MpegTs;
using MicroPvr.TestKit;

namespace MicroPvr.Core.Tests.Recording;

/// <summary>Checks that a record file and its index keep the promises of docs/recording-format.md.</summary>
internal static class RecordingAssertions
{
    /// <summary>
    /// Every entry points at a PAT, followed by PMT packets and then the first packet of a PES on
    /// the keyframe PID whose PTS equals the entry's. Returns the entries.
    /// </summary>
    public static IndexEntry[] AssertIndexPointsAtKeyframes(string tsPath)
    {
        var ts = File.ReadAllBytes(tsPath);
        var entries = KeyframeIndexReader.OpenForRecord(tsPath).ToArray();
        Assert.NotEmpty(entries);
        Assert.Equal(0, entries[0].ByteOffset);
        Assert.Equal(0, ts.Length % TsPacket.Size);
        foreach (var e in entries)
        {
            Assert.True(e.ByteOffset % TsPacket.Size == 0 && e.ByteOffset < ts.Length, $"offset {e.ByteOffset}");
            var at = (int)e.ByteOffset;
            Assert.Equal(TsPacket.PatPid, TsPacket.Pid(ts.AsSpan(at)));
            var p = at;
            var psiPackets = 0;
            while (TsPacket.Pid(ts.AsSpan(p)) == TsPacket.PatPid || !TsPacket.PayloadUnitStart(ts.AsSpan(p)) || !IsPesStart(ts.AsSpan(p, TsPacket.Size)))
            {
                p += TsPacket.Size;
                psiPackets++;
                Assert.True(psiPackets < 16, $"no PES start after the PAT at {e.ByteOffset}");
            }

            var packet = ts.AsSpan(p, TsPacket.Size);
            var payload = TsPacket.PayloadOffset(packet);
            Assert.Equal(e.Pts90k, PesHeader.ReadTimestamp(packet.Slice(payload + 9, 5)));
        }

        return entries;
    }

    private static bool IsPesStart(ReadOnlySpan<byte> packet)
    {
        var p = TsPacket.PayloadOffset(packet);
        return p > 0 && PesHeader.HasStartCode(packet[p..]) && (packet[p + 7] & 0x80) != 0;
    }

    /// <summary>ffprobe decodes the file without a single error line, and its video keyframes have the index's PTS values.</summary>
    public static async Task AssertFfprobeAgreesAsync(string tsPath, IndexEntry[] entries, bool video = true)
    {
        var decode = await Ffmpeg.ProbeAsync(["-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", tsPath]);
        Assert.True(decode.Succeeded, decode.StandardError);
        Assert.Equal(string.Empty, decode.StandardError.Trim());
        if (!video)
        {
            return;
        }

        var keyframes = await Ffmpeg.ProbeVideoKeyframesAsync(tsPath);
        var indexed = entries.Select(e => e.Pts90k).ToHashSet();
        // Each indexed keyframe is one ffprobe sees; ffprobe may see one more at the very end (a PES we had no verdict for).
        foreach (var pts in indexed)
        {
            Assert.Contains(keyframes, k => k.Pts == pts);
        }

        Assert.True(keyframes.Count - indexed.Count is >= 0 and <= 1, $"ffprobe {keyframes.Count} keyframes, index {indexed.Count}");
    }
}
