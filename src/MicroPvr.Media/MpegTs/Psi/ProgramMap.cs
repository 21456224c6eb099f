namespace MicroPvr.Media.MpegTs.Psi;

/// <summary>A programme map table (ISO/IEC 13818-1 §2.4.4.8, Table 2-33).</summary>
/// <param name="PmtPid">PID the PMT was carried on.</param>
/// <param name="Section">The raw section bytes (header to CRC) as received, for re-muxing.</param>
public sealed record ProgramMap(int ProgramNumber, int PmtPid, int Version, int PcrPid, IReadOnlyList<ElementaryStreamInfo> Streams, ReadOnlyMemory<byte> Section)
{
    /// <summary>True when the programme has no video stream (radio): every audio PES start is a random-access point.</summary>
    public bool IsAudioOnly
    {
        get
        {
            var audio = false;
            foreach (var s in Streams)
            {
                if (s.Kind == StreamKind.Video)
                {
                    return false;
                }

                audio |= s.Kind == StreamKind.Audio;
            }

            return audio;
        }
    }

    /// <summary>Same streams (PID, type, codec) and PCR PID: a version bump that changed nothing is not a codec change.</summary>
    public bool HasSameStreams(ProgramMap other)
    {
        if (other.PcrPid != PcrPid || other.Streams.Count != Streams.Count)
        {
            return false;
        }

        for (var i = 0; i < Streams.Count; i++)
        {
            var a = Streams[i];
            var b = other.Streams[i];
            if (a.Pid != b.Pid || a.StreamType != b.StreamType || a.Codec != b.Codec)
            {
                return false;
            }
        }

        return true;
    }
}
