using System.Globalization;
using System.Text;

namespace MicroPvr.Core.Storage;

/// <summary>
/// The nickname of a record directory (compat spec §2): 8 upper-case hex digits naming the link
/// `&lt;records-link-dir&gt;/&lt;HASH&gt;` and the `/pvr/&lt;nickname&gt;/` URL prefix (compat spec §6).
/// HASH = CRC-32 (IEEE) of the UTF-8 bytes of the directory path exactly as given at task
/// creation (no normalisation: "/hdd/pvr" and "/hdd/pvr/" are different names). docs/storage.md.
/// </summary>
public static class DirectoryNickname
{
    public const int Length = 8;

    public static string Compute(string recordLocation)
    {
        ArgumentNullException.ThrowIfNull(recordLocation);
        var crc = Crc32Ieee.Compute(Encoding.UTF8.GetBytes(recordLocation));
        return crc.ToString("X8", CultureInfo.InvariantCulture);
    }

    /// <summary>True for exactly 8 characters 0-9 A-F (what <see cref="Compute"/> produces).</summary>
    public static bool IsValid(ReadOnlySpan<char> nickname)
    {
        if (nickname.Length != Length)
        {
            return false;
        }

        foreach (var c in nickname)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'A' and <= 'F'))
            {
                return false;
            }
        }

        return true;
    }
}
