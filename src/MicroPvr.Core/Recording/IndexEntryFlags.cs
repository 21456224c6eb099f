namespace MicroPvr.Core.Recording;

/// <summary>Flags of a keyframe-index entry (docs/recording-format.md).</summary>
[Flags]
public enum IndexEntryFlags : ushort
{
    None = 0,
    /// <summary>The source timeline restarted here (PCR jump, source restart): a new run.</summary>
    Discontinuity = 1,
    /// <summary>Data is missing before this entry (source silence or loss).</summary>
    Gap = 2,
    /// <summary>The PMT changed (new codecs or PIDs) at this entry.</summary>
    PmtChange = 4,
    /// <summary>Audio-only programme: the entry is an audio access unit, not a video keyframe.</summary>
    AudioOnly = 8,
}
