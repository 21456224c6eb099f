namespace MicroPvr.Media.MpegTs;

/// <summary>Receives the aligned 188-byte packets (and sync events) found by a <see cref="TsPacketReader"/>.</summary>
public interface ITsPacketSink
{
    /// <summary>
    /// One packet. <paramref name="packet"/> is exactly 188 bytes and valid only during the call.
    /// <paramref name="byteOffset"/> is the position of its sync byte in the input stream
    /// (counting every byte pushed, garbage included); <paramref name="packetIndex"/> counts the
    /// packets delivered before it.
    /// </summary>
    void OnPacket(ReadOnlySpan<byte> packet, long byteOffset, long packetIndex);

    /// <summary>Sync was found: packets of <paramref name="packetSize"/> bytes (188, 192 or 204) start at the offset; <paramref name="skippedBytes"/> were discarded before it.</summary>
    void OnSyncAcquired(long byteOffset, int packetSize, long skippedBytes);

    /// <summary>No sync byte (or no valid next packet) where one was expected.</summary>
    void OnSyncLost(long byteOffset);
}
