using System.Buffers.Binary;

namespace MicroPvr.Core.Ingest.Rtp;

/// <summary>RTP fixed header parsing (RFC 3550 §5.1), with CSRC list, header extension (§5.3.1) and padding.</summary>
internal static class RtpHeader
{
    public const int FixedLength = 12;

    /// <summary>
    /// Finds the payload of an RTP packet. False for anything that is not RTP version 2 or whose
    /// lengths do not add up.
    /// </summary>
    public static bool TryGetPayload(ReadOnlySpan<byte> packet, out ushort sequence, out int payloadOffset, out int payloadLength)
    {
        sequence = 0;
        payloadOffset = 0;
        payloadLength = 0;
        if (packet.Length < FixedLength || (packet[0] >> 6) != 2)
        {
            return false;
        }

        var padding = (packet[0] & 0x20) != 0;
        var extension = (packet[0] & 0x10) != 0;
        var csrcCount = packet[0] & 0x0F;
        sequence = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        var offset = FixedLength + (4 * csrcCount);
        if (extension)
        {
            if (packet.Length < offset + 4)
            {
                return false;
            }

            offset += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]));
        }

        var end = packet.Length;
        if (padding)
        {
            // §5.1: the last octet counts the padding octets, itself included.
            var pad = packet[^1];
            if (pad == 0)
            {
                return false;
            }

            end -= pad;
        }

        if (end < offset)
        {
            return false;
        }

        payloadOffset = offset;
        payloadLength = end - offset;
        return true;
    }
}
