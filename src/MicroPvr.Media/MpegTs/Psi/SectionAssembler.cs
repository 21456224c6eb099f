namespace MicroPvr.Media.MpegTs.Psi;

/// <summary>
/// Reassembles PSI sections carried on one PID (ISO/IEC 13818-1 §2.4.4.1–2.4.4.3): a
/// pointer_field in packets with payload_unit_start_indicator, sections that span packets,
/// several sections in one packet, 0xFF stuffing after the last one. Complete sections are
/// handed to the callback with their CRC already checked. One fixed buffer per PID.
/// </summary>
internal sealed class SectionAssembler
{
    /// <summary>3-byte header + the largest section_length (private sections, §2.4.4.11).</summary>
    private const int MaxSection = 4096;

    private readonly byte[] _buffer = new byte[MaxSection];
    private int _length;
    private int _expected;      // total section size once the header is known, else 0
    private bool _active;

    /// <summary>Feeds one packet payload. Returns false when a section failed its CRC or its framing was broken.</summary>
    public bool Feed(ReadOnlySpan<byte> payload, bool unitStart, ISectionSink sink)
    {
        var ok = true;
        if (unitStart)
        {
            if (payload.IsEmpty)
            {
                Reset();
                return false;
            }

            int pointer = payload[0];
            payload = payload[1..];
            if (pointer > payload.Length)
            {
                Reset();
                return false;
            }

            if (_active)
            {
                ok &= Append(payload[..pointer], sink);
            }

            payload = payload[pointer..];
            Reset();
            _active = true;
        }

        while (_active && !payload.IsEmpty)
        {
            if (_length == 0 && payload[0] == 0xFF)
            {
                // Stuffing: no more sections in this packet (§2.4.4.2).
                Reset();
                break;
            }

            var before = payload.Length;
            ok &= Append(payload, sink, out var used);
            payload = payload[used..];
            if (used == before)
            {
                break;
            }
        }

        return ok;
    }

    private bool Append(ReadOnlySpan<byte> data, ISectionSink sink) => Append(data, sink, out _);

    private bool Append(ReadOnlySpan<byte> data, ISectionSink sink, out int used)
    {
        used = 0;
        if (!_active)
        {
            return true;
        }

        if (_expected == 0)
        {
            var headerPart = Math.Min(3 - _length, data.Length);
            data[..headerPart].CopyTo(_buffer.AsSpan(_length));
            _length += headerPart;
            used += headerPart;
            data = data[headerPart..];
            if (_length < 3)
            {
                return true;
            }

            _expected = 3 + (((_buffer[1] & 0x0F) << 8) | _buffer[2]);
            if (_expected > MaxSection)
            {
                Reset();
                return false;
            }
        }

        var take = Math.Min(_expected - _length, data.Length);
        data[..take].CopyTo(_buffer.AsSpan(_length));
        _length += take;
        used += take;
        if (_length < _expected)
        {
            return true;
        }

        var section = _buffer.AsSpan(0, _length);
        var syntax = (section[1] & 0x80) != 0;
        _length = 0;
        _expected = 0;
        if (syntax && (section.Length < 12 || Crc32Mpeg.Compute(section) != 0))
        {
            return false;
        }

        sink.OnSection(section);
        return true;
    }

    /// <summary>Drops a partly assembled section (packets were lost).</summary>
    public void Abandon() => Reset();

    private void Reset()
    {
        _length = 0;
        _expected = 0;
        _active = false;
    }
}
