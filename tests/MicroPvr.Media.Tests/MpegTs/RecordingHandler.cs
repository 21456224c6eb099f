using System.Globalization;
using MicroPvr.Media.MpegTs;
using MicroPvr.Media.MpegTs.Psi;

namespace MicroPvr.Media.Tests.MpegTs;

/// <summary>Writes every demuxer callback into a list of lines, so runs can be compared exactly.</summary>
internal sealed class RecordingHandler : ITsDemuxHandler
{
    public List<string> Events { get; } = [];

    public List<RandomAccessPoint> RandomAccessPoints { get; } = [];

    public List<ProgramMap> Pmts { get; } = [];

    public List<ProgramAssociation> Pats { get; } = [];

    public List<PcrSample> Pcrs { get; } = [];

    public int ContinuityErrors { get; private set; }

    public int TransportErrors { get; private set; }

    public int SyncLosses { get; private set; }

    public void OnSyncAcquired(long byteOffset, int packetSize, long skippedBytes) =>
        Events.Add(F($"sync {byteOffset} {packetSize} {skippedBytes}"));

    public void OnSyncLost(long byteOffset)
    {
        SyncLosses++;
        Events.Add(F($"lost {byteOffset}"));
    }

    public void OnPat(ProgramAssociation pat)
    {
        Pats.Add(pat);
        Events.Add(F($"pat {pat.TransportStreamId} v{pat.Version} {string.Join(',', pat.Programs)}"));
    }

    public void OnPmt(ProgramMap pmt, ProgramMap? previous)
    {
        Pmts.Add(pmt);
        Events.Add(F($"pmt {pmt.ProgramNumber} v{pmt.Version} pcr {pmt.PcrPid} {string.Join(',', pmt.Streams.Select(s => $"{s.Pid}:{s.StreamType}:{s.Codec}"))} prev {previous?.Version}"));
    }

    public void OnRandomAccessPoint(in RandomAccessPoint point)
    {
        RandomAccessPoints.Add(point);
        Events.Add(F($"rap {point}"));
    }

    public void OnPcr(in PcrSample pcr)
    {
        Pcrs.Add(pcr);
        Events.Add(F($"pcr {pcr}"));
    }

    public void OnContinuityError(int pid, int expected, int actual, long byteOffset)
    {
        ContinuityErrors++;
        Events.Add(F($"cc {pid} {expected} {actual} {byteOffset}"));
    }

    public void OnTransportError(int pid, long byteOffset)
    {
        TransportErrors++;
        Events.Add(F($"tei {pid} {byteOffset}"));
    }

    public void OnPsiError(int pid, long byteOffset) => Events.Add(F($"psi {pid} {byteOffset}"));

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
