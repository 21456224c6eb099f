namespace MicroPvr.Media.Codecs;

/// <summary>What a random-access detector concluded about the access unit fed so far.</summary>
public enum DetectorVerdict
{
    /// <summary>Not enough bytes yet.</summary>
    Undecided = 0,
    RandomAccess = 1,
    NotRandomAccess = 2,
}
