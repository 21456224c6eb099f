namespace MicroPvr.Media.MpegTs.Psi;

/// <summary>What an elementary stream carries, as far as recording and delivery care.</summary>
public enum StreamKind
{
    Other = 0,
    Video = 1,
    Audio = 2,
    Subtitle = 3,
    Data = 4,
}
