namespace MicroPvr.Core.Recording;

/// <summary>
/// Validates an index file from its start: the header, then entries until the first one that is
/// incomplete, fails its checksum or breaks the ordering rules. Used by the writer to repair a file
/// before appending.
/// </summary>
internal readonly record struct KeyframeIndexScan(bool HeaderValid, long ValidLength, int Count, IndexEntry? Last)
{
    public static KeyframeIndexScan Run(FileStream stream)
    {
        var length = stream.Length;
        if (length < KeyframeIndexFormat.HeaderSize)
        {
            return new KeyframeIndexScan(false, 0, 0, null);
        }

        stream.Position = 0;
        Span<byte> header = stackalloc byte[KeyframeIndexFormat.HeaderSize];
        stream.ReadExactly(header);
        if (!KeyframeIndexFormat.IsValidHeader(header))
        {
            return new KeyframeIndexScan(false, 0, 0, null);
        }

        var buffer = new byte[KeyframeIndexFormat.EntrySize * 2048];
        long valid = KeyframeIndexFormat.HeaderSize;
        var count = 0;
        IndexEntry? last = null;
        while (true)
        {
            var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            var whole = read - (read % KeyframeIndexFormat.EntrySize);
            for (var i = 0; i < whole; i += KeyframeIndexFormat.EntrySize)
            {
                if (!KeyframeIndexFormat.TryReadEntry(buffer.AsSpan(i, KeyframeIndexFormat.EntrySize), out var entry)
                    || (last is { } previous && !KeyframeIndexFormat.IsValidSuccessor(previous, entry)))
                {
                    return new KeyframeIndexScan(true, valid, count, last);
                }

                last = entry;
                count++;
                valid += KeyframeIndexFormat.EntrySize;
            }

            if (read < buffer.Length)
            {
                return new KeyframeIndexScan(true, valid, count, last);
            }
        }
    }
}
