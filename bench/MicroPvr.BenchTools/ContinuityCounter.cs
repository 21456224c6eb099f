namespace MicroPvr.BenchTools;

/// <summary>
/// Counts continuity_counter gaps in an MPEG-TS byte stream (ISO/IEC 13818-1 §2.4.3.3): per PID,
/// a packet with payload must carry the previous counter + 1 (mod 16); one duplicate packet is
/// legal; a set discontinuity_indicator (§2.4.3.5) resets the expectation. Null packets are ignored.
/// An independent checker, so that the recorders under test are judged by the same rule.
/// </summary>
public sealed class ContinuityCounter
{
    private const int PacketSize = 188;
    private const int NullPid = 0x1FFF;
    private readonly short[] _lastCc = new short[8192];
    private readonly bool[] _duplicateSeen = new bool[8192];

    public ContinuityCounter() => Array.Fill(_lastCc, (short)-1);

    public long Packets { get; private set; }
    public long Errors { get; private set; }
    public long SyncLosses { get; private set; }

    /// <summary>Feeds whole packets; returns how many bytes were consumed (a multiple of 188 or a resync skip).</summary>
    public int Feed(ReadOnlySpan<byte> data)
    {
        var pos = 0;
        while (data.Length - pos >= PacketSize)
        {
            if (data[pos] != 0x47)
            {
                SyncLosses++;
                var next = data[(pos + 1)..].IndexOf((byte)0x47);
                if (next < 0)
                {
                    return data.Length;
                }

                pos += next + 1;
                continue;
            }

            Check(data.Slice(pos, PacketSize));
            pos += PacketSize;
        }

        return pos;
    }

    private void Check(ReadOnlySpan<byte> packet)
    {
        Packets++;
        var pid = ((packet[1] & 0x1F) << 8) | packet[2];
        if (pid == NullPid)
        {
            return;
        }

        var adaptation = (packet[3] >> 4) & 0x3;
        var cc = (short)(packet[3] & 0xF);
        var discontinuity = (adaptation & 0x2) != 0 && packet[4] > 0 && (packet[5] & 0x80) != 0;
        if ((adaptation & 0x1) == 0)
        {
            // No payload: the counter does not advance (§2.4.3.3).
            return;
        }

        var last = _lastCc[pid];
        if (last >= 0 && !discontinuity)
        {
            if (cc == last)
            {
                if (_duplicateSeen[pid])
                {
                    Errors++;
                }

                _duplicateSeen[pid] = true;
                return;
            }

            if (cc != ((last + 1) & 0xF))
            {
                Errors++;
            }
        }

        _lastCc[pid] = cc;
        _duplicateSeen[pid] = false;
    }
}
