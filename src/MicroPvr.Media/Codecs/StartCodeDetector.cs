using MicroPvr.Media.MpegTs;

namespace MicroPvr.Media.Codecs;

/// <summary>
/// Base of the video random-access detectors: finds 0x000001 start codes in an elementary stream
/// fed in arbitrary pieces (a start code, or the unit header after it, may be split across TS
/// packets), collects the first bytes of each unit into a fixed buffer and asks the codec what
/// they mean. Used for the first bytes of each PES only, until a verdict; no allocation.
/// </summary>
public abstract class StartCodeDetector
{
    private readonly byte[] _unit;
    private int _unitLength;
    private bool _collecting;
    private int _zeros;

    protected StartCodeDetector(int unitPrefixBytes) => _unit = new byte[unitPrefixBytes];

    /// <summary>Why the access unit is a random-access point, once <see cref="DetectorVerdict.RandomAccess"/> was returned.</summary>
    public RandomAccessKind Kind { get; protected set; }

    /// <summary>Starts a new access unit (a new PES).</summary>
    public virtual void Reset()
    {
        _unitLength = 0;
        _collecting = false;
        _zeros = 0;
        Kind = RandomAccessKind.None;
    }

    /// <summary>Feeds elementary-stream bytes; returns a verdict as soon as one is possible.</summary>
    public DetectorVerdict Feed(ReadOnlySpan<byte> data)
    {
        for (var i = 0; i < data.Length; i++)
        {
            var b = data[i];
            if (b == 1 && _zeros >= 2)
            {
                _zeros = 0;
                if (_collecting)
                {
                    var verdict = CloseUnit();
                    if (verdict != DetectorVerdict.Undecided)
                    {
                        return verdict;
                    }
                }

                _collecting = true;
                _unitLength = 0;
                continue;
            }

            _zeros = b == 0 ? _zeros + 1 : 0;
            if (_collecting)
            {
                _unit[_unitLength++] = b;
                if (_unitLength == _unit.Length)
                {
                    _collecting = false;
                    var verdict = OnUnit(_unit);
                    if (verdict != DetectorVerdict.Undecided)
                    {
                        return verdict;
                    }
                }
            }
        }

        return DetectorVerdict.Undecided;
    }

    /// <summary>The access unit ended: judge a last unit shorter than the prefix buffer.</summary>
    public DetectorVerdict Finish()
    {
        if (!_collecting || _unitLength == 0)
        {
            return DetectorVerdict.Undecided;
        }

        _collecting = false;
        return OnUnit(_unit.AsSpan(0, _unitLength));
    }

    private DetectorVerdict CloseUnit()
    {
        // The zeros of the start code that ends this unit were collected too; a unit never ends in 0x00
        // (rbsp_trailing_bits / trailing_zero_8bits, ITU-T H.264 §7.3.2.11).
        var length = _unitLength;
        while (length > 0 && _unit[length - 1] == 0)
        {
            length--;
        }

        _collecting = false;
        return length == 0 ? DetectorVerdict.Undecided : OnUnit(_unit.AsSpan(0, length));
    }

    /// <summary>The first bytes of one unit (after its start code): the codec decides.</summary>
    protected abstract DetectorVerdict OnUnit(ReadOnlySpan<byte> unit);
}
