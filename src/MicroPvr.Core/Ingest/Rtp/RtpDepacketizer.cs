namespace MicroPvr.Core.Ingest.Rtp;

/// <summary>
/// Strips RTP headers (RFC 3550) and hands payloads to a sink in sequence-number order. A small
/// window of out-of-order packets is held and put back in order; a missing packet is given up on
/// when the window fills (counted as lost). Slots are allocated once and reused: no allocation per
/// packet in steady state. Not thread-safe.
/// </summary>
internal sealed class RtpDepacketizer
{
    // A sequence step this large (either way) is a sender restart, not loss or reordering.
    private const int RestartThreshold = 3000;

    private readonly byte[]?[] _slots;
    private readonly int[] _slotLength;
    private readonly int[] _slotSequence;
    private int _buffered;
    private int _next = -1;

    public RtpDepacketizer(int window)
    {
        var size = Math.Max(1, window);
        _slots = new byte[]?[size];
        _slotLength = new int[size];
        _slotSequence = new int[size];
        Array.Fill(_slotSequence, -1);
    }

    public long Packets { get; private set; }

    public long LostPackets { get; private set; }

    public long ReorderedPackets { get; private set; }

    public long LatePackets { get; private set; }

    public long InvalidPackets { get; private set; }

    public long Restarts { get; private set; }

    /// <summary>Processes one datagram; returns how many packets were declared lost by it.</summary>
    public int Process(ReadOnlySpan<byte> datagram, long receivedTimestamp, IStreamSink sink)
    {
        if (!RtpHeader.TryGetPayload(datagram, out var sequence, out var offset, out var length))
        {
            InvalidPackets++;
            return 0;
        }

        Packets++;
        var payload = datagram.Slice(offset, length);
        if (_next < 0)
        {
            Emit(payload, sequence, receivedTimestamp, sink);
            return 0;
        }

        var distance = (short)(sequence - _next);
        if (Math.Abs((int)distance) > RestartThreshold)
        {
            Restarts++;
            FlushAll(receivedTimestamp, sink);
            Emit(payload, sequence, receivedTimestamp, sink);
            sink.OnSourceEvent(StreamSourceEvent.Restarted);
            return 0;
        }

        if (distance < 0)
        {
            LatePackets++; // a duplicate, or later than the window allowed: its place is gone
            return 0;
        }

        var lostBefore = LostPackets;
        while (distance >= _slots.Length)
        {
            // The window is full of what comes after the hole: the missing packets are lost.
            SkipToNextBuffered(sequence, receivedTimestamp, sink);
            distance = (short)(sequence - _next);
        }

        if (distance == 0)
        {
            Emit(payload, sequence, receivedTimestamp, sink);
            Drain(receivedTimestamp, sink);
        }
        else
        {
            Store(payload, sequence);
        }

        return (int)(LostPackets - lostBefore);
    }

    private void Emit(ReadOnlySpan<byte> payload, int sequence, long timestamp, IStreamSink sink)
    {
        _next = (sequence + 1) & 0xFFFF;
        if (!payload.IsEmpty)
        {
            sink.OnData(payload, timestamp);
        }
    }

    private void Store(ReadOnlySpan<byte> payload, int sequence)
    {
        var slot = sequence % _slots.Length;
        if (_slotSequence[slot] == sequence)
        {
            LatePackets++; // duplicate of a held packet
            return;
        }

        var buffer = _slots[slot];
        if (buffer is null || buffer.Length < payload.Length)
        {
            buffer = _slots[slot] = new byte[Math.Max(payload.Length, 2048)];
        }

        payload.CopyTo(buffer);
        _slotLength[slot] = payload.Length;
        _slotSequence[slot] = sequence;
        _buffered++;
        ReorderedPackets++;
    }

    private void Drain(long timestamp, IStreamSink sink)
    {
        while (_buffered > 0)
        {
            var slot = _next % _slots.Length;
            if (_slotSequence[slot] != _next)
            {
                return;
            }

            var sequence = _slotSequence[slot];
            _slotSequence[slot] = -1;
            _buffered--;
            Emit(_slots[slot].AsSpan(0, _slotLength[slot]), sequence, timestamp, sink);
        }
    }

    private void SkipToNextBuffered(int incoming, long timestamp, IStreamSink sink)
    {
        var best = -1;
        var bestDistance = int.MaxValue;
        for (var i = 0; i < _slotSequence.Length; i++)
        {
            if (_slotSequence[i] >= 0)
            {
                var d = (ushort)(_slotSequence[i] - _next);
                if (d < bestDistance)
                {
                    bestDistance = d;
                    best = _slotSequence[i];
                }
            }
        }

        if (best < 0)
        {
            best = incoming;
            bestDistance = (ushort)(incoming - _next);
        }

        LostPackets += bestDistance;
        _next = best;
        Drain(timestamp, sink);
    }

    private void FlushAll(long timestamp, IStreamSink sink)
    {
        while (_buffered > 0)
        {
            SkipToNextBuffered(_next, timestamp, sink);
        }

        _next = -1;
    }
}
