using MicroPvr.Media.MpegTs;

namespace MicroPvr.Media.Tests.MpegTs;

/// <summary>Runs a whole input through a demuxer in chunks of a given size.</summary>
internal static class Demux
{
    public static (RecordingHandler Handler, TsDemuxer Demuxer) Run(ReadOnlySpan<byte> data, int chunkSize, TsDemuxerOptions? options = null)
    {
        var handler = new RecordingHandler();
        var demuxer = new TsDemuxer(handler, options);
        for (var i = 0; i < data.Length; i += chunkSize)
        {
            demuxer.Push(data.Slice(i, Math.Min(chunkSize, data.Length - i)));
        }

        demuxer.Flush();
        return (handler, demuxer);
    }

    public static (RecordingHandler Handler, TsDemuxer Demuxer) RunFile(string path, int chunkSize = 4096) => Run(File.ReadAllBytes(path), chunkSize);
}
