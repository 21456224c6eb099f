namespace MicroPvr.Media.Codecs;

/// <summary>
/// Bit reader over a NAL unit payload that drops emulation_prevention_three_byte
/// (0x000003, ITU-T H.264 §7.4.1) on the fly. Reads past the end return zeros and set <see cref="Overrun"/>.
/// </summary>
public ref struct RbspReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _byte;
    private int _bit;
    private int _zeros;

    public RbspReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _byte = 0;
        _bit = 0;
        _zeros = 0;
        Overrun = false;
    }

    public bool Overrun { get; private set; }

    /// <summary>True while whole bytes remain.</summary>
    public readonly bool HasMoreBytes => _byte < _data.Length;

    public int ReadBit()
    {
        if (_bit == 0)
        {
            SkipEmulationPrevention();
        }

        if (_byte >= _data.Length)
        {
            Overrun = true;
            return 0;
        }

        var value = (_data[_byte] >> (7 - _bit)) & 1;
        if (++_bit == 8)
        {
            _zeros = _data[_byte] == 0 ? _zeros + 1 : 0;
            _bit = 0;
            _byte++;
        }

        return value;
    }

    public int ReadByte()
    {
        var v = 0;
        for (var i = 0; i < 8; i++)
        {
            v = (v << 1) | ReadBit();
        }

        return v;
    }

    /// <summary>Unsigned Exp-Golomb ue(v) (§9.1); returns -1 on a code longer than 31 bits.</summary>
    public int ReadUe()
    {
        var leadingZeros = 0;
        while (ReadBit() == 0)
        {
            if (++leadingZeros > 31 || Overrun)
            {
                return -1;
            }
        }

        var value = 0;
        for (var i = 0; i < leadingZeros; i++)
        {
            value = (value << 1) | ReadBit();
        }

        return (1 << leadingZeros) - 1 + value;
    }

    private void SkipEmulationPrevention()
    {
        if (_zeros >= 2 && _byte < _data.Length && _data[_byte] == 0x03)
        {
            _byte++;
            _zeros = 0;
        }
    }
}
