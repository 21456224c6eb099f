namespace MicroPvr.TestKit;

/// <summary>
/// Paths of the committed MPEG-TS fixtures in tests/fixtures (made by tests/fixtures/generate.sh).
/// </summary>
public static class Fixtures
{
    private static readonly Lazy<string> LazyDirectory = new(FindDirectory);

    /// <summary>The tests/fixtures directory of the repository.</summary>
    public static string Directory => LazyDirectory.Value;

    /// <summary>H.264 (640x360, 25 fps, GOP 50 = 2 s, closed GOP) + AAC, 10 s; the demo channel. PIDs 0x100/0x101, PMT 0x1000.</summary>
    public static string H264Aac => Path.Combine(Directory, "h264_aac.ts");

    /// <summary>H.265 (320x180, 25 fps, GOP 25) + AC-3, 5 s.</summary>
    public static string H265Ac3 => Path.Combine(Directory, "h265_ac3.ts");

    /// <summary>MPEG-2 video (320x180, GOP 12) + MPEG-1 Layer II audio, 5 s.</summary>
    public static string Mpeg2Mp2 => Path.Combine(Directory, "mpeg2_mp2.ts");

    /// <summary>Audio-only radio programme: AAC (ADTS), 10 s.</summary>
    public static string RadioAac => Path.Combine(Directory, "radio_aac.ts");

    /// <summary>Two programmes: 1 = H.264 + AAC (PIDs 0x100, 0x101), 2 = MPEG-2 + MP2 (0x102, 0x103), 5 s.</summary>
    public static string MultiProgram => Path.Combine(Directory, "multi_program.ts");

    /// <summary>
    /// A damaged copy of <see cref="H264Aac"/>: dropped and duplicated packets, transport_error_indicator,
    /// garbage runs, a truncated packet and a truncated tail (deterministic, seed 1234).
    /// </summary>
    public static string Errors => Path.Combine(Directory, "errors.ts");

    /// <summary>The clean fixtures (every one except <see cref="Errors"/>).</summary>
    public static IReadOnlyList<string> Clean => [H264Aac, H265Ac3, Mpeg2Mp2, RadioAac, MultiProgram];

    private static string FindDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "fixtures");
            if (File.Exists(Path.Combine(candidate, "generate.sh")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"tests/fixtures not found above {AppContext.BaseDirectory}");
    }
}
