using System.Globalization;
using System.Text.RegularExpressions;
using MicroPvr.Media.MpegTs;
using MicroPvr.Media.Time;

namespace MicroPvr.Core.Recording;

/// <summary>
/// Rebuilds a record file's keyframe index by scanning the .ts file (`micropvr reindex FILE`).
/// Keyframes are found exactly as the recorder finds them; an entry points at the PAT+PMT right
/// before the keyframe when there is one (as the recorder writes it), else at the keyframe's
/// first packet. Times follow the file's PCR from a start time: the one in the compat spec §2 file
/// name (`c&lt;ch&gt;_t&lt;unix&gt;_&lt;task&gt;.ts`) when present, else the file's last write time minus
/// its duration. The new index replaces the old one atomically.
/// </summary>
public static partial class KeyframeIndexRebuilder
{
    private const int ChunkPackets = 1;

    /// <summary>Rebuilds the index beside <paramref name="tsPath"/>; returns the number of entries.</summary>
    public static int Rebuild(string tsPath, DateTimeOffset? startUtc = null)
    {
        var entries = Scan(tsPath, startUtc);
        var indexPath = KeyframeIndexFormat.IndexPathFor(tsPath);
        var temp = indexPath + ".tmp";
        System.IO.File.Delete(temp);
        using (var writer = KeyframeIndexWriter.Open(temp))
        {
            foreach (var e in entries)
            {
                writer.Append(e);
            }

            writer.Flush(durable: true);
        }

        System.IO.File.Move(temp, indexPath, overwrite: true);
        return entries.Count;
    }

    /// <summary>The entries a scan of the file yields, without writing anything.</summary>
    public static IReadOnlyList<IndexEntry> Scan(string tsPath, DateTimeOffset? startUtc = null)
    {
        using var stream = new FileStream(tsPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 20, FileOptions.SequentialScan);
        var collector = new Collector();
        var stager = new KeyframeStager(collector, TimeProvider.System.TimestampFrequency);
        collector.PsiPids = stager.PsiPids;
        var buffer = new byte[TsPacket.Size * 2048];
        long pcrPid = -1, lastPcr = -1;
        double elapsedMs = 0;
        int read;
        var pending = new List<(long Offset, double ElapsedMs)>();
        while ((read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false)) > 0)
        {
            for (var i = 0; i < read; i += TsPacket.Size * ChunkPackets)
            {
                var chunk = buffer.AsSpan(i, Math.Min(TsPacket.Size * ChunkPackets, read - i));
                if (chunk.Length == TsPacket.Size && chunk[0] == TsPacket.SyncByte && TsPacket.TryGetPcr(chunk, out var pcr))
                {
                    var pid = TsPacket.Pid(chunk);
                    if (pcrPid < 0)
                    {
                        pcrPid = pid;
                    }

                    if (pid == pcrPid)
                    {
                        // Only forward steps under a second count: a jump is a new run that continues in time.
                        var delta = lastPcr < 0 ? 0 : MpegClock.DeltaPcr(lastPcr, pcr);
                        if (delta is > 0 and < MpegClock.Hz27M)
                        {
                            elapsedMs += delta / 27_000.0;
                        }

                        lastPcr = pcr;
                    }
                }

                stager.Push(chunk, 0, elapsedMs);
            }
        }

        stager.Complete();
        var baseUtc = (startUtc ?? StartFromName(tsPath) ?? new DateTimeOffset(System.IO.File.GetLastWriteTimeUtc(tsPath)).AddMilliseconds(-elapsedMs)).ToUnixTimeMilliseconds();
        var result = new List<IndexEntry>(collector.Entries.Count);
        foreach (var e in collector.Entries)
        {
            result.Add(e with { UtcMilliseconds = baseUtc + e.UtcMilliseconds });
        }

        return result;
    }

    /// <summary>The start time in a compat spec §2 file name, if the name has one.</summary>
    public static DateTimeOffset? StartFromName(string tsPath)
    {
        var m = RecordName().Match(Path.GetFileName(tsPath));
        return m.Success && long.TryParse(m.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var unix)
            ? DateTimeOffset.FromUnixTimeSeconds(unix)
            : null;
    }

    [GeneratedRegex(@"^c\d+_t(\d+)_\d+\.ts$", RegexOptions.CultureInvariant)]
    private static partial Regex RecordName();

    /// <summary>Follows byte offsets of the scanned file; entry times are relative (ms since the first PCR).</summary>
    private sealed class Collector : IRecordOutput
    {
        private long _offset;
        private long _psiRunStart = -1;

        public bool[] PsiPids { get; set; } = [];

        public List<IndexEntry> Entries { get; } = [];

        public void WritePackets(ReadOnlySpan<byte> packets)
        {
            for (var i = 0; i + TsPacket.Size <= packets.Length; i += TsPacket.Size)
            {
                var pid = TsPacket.Pid(packets.Slice(i, TsPacket.Size));
                if (PsiPids[pid])
                {
                    // The last PAT before the keyframe: the one the recorder wrote in front of it.
                    if (pid == TsPacket.PatPid)
                    {
                        _psiRunStart = _offset;
                    }
                }
                else
                {
                    _psiRunStart = -1;
                }

                _offset += TsPacket.Size;
            }
        }

        public void WriteKeyframe(in KeyframeMark mark, ReadOnlySpan<byte> psi, ReadOnlySpan<byte> packets)
        {
            var at = _psiRunStart >= 0 ? _psiRunStart : _offset;
            var utc = Entries.Count > 0 ? Math.Max(mark.UtcMilliseconds, Entries[^1].UtcMilliseconds) : mark.UtcMilliseconds;
            if (Entries.Count == 0 || at > Entries[^1].ByteOffset)
            {
                Entries.Add(new IndexEntry(utc, at, mark.Pts90k, mark.Flags));
            }

            _psiRunStart = -1;
            WritePackets(packets);
            _psiRunStart = -1;
        }
    }
}
