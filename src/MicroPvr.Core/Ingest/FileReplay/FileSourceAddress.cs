namespace MicroPvr.Core.Ingest.FileReplay;

/// <summary>`file:///absolute/path.ts[?loop=1]` (docs/sources.md).</summary>
/// <param name="Path">Absolute local path of the MPEG-TS file.</param>
/// <param name="Loop">Replay forever as one continuous live stream.</param>
public sealed record FileSourceAddress(string Path, bool Loop)
{
    public static FileSourceAddress? Parse(string url, out string? error)
    {
        error = null;
        var q = url.IndexOf('?', StringComparison.Ordinal);
        var pathPart = q < 0 ? url : url[..q];
        var query = q < 0 ? string.Empty : url[(q + 1)..];
        if (!Uri.TryCreate(pathPart, UriKind.Absolute, out var uri) || !uri.IsFile || !System.IO.Path.IsPathRooted(uri.LocalPath))
        {
            error = "expected file:///absolute/path.ts";
            return null;
        }

        var loop = false;
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? pair : pair[..eq];
            var value = eq < 0 ? "1" : pair[(eq + 1)..];
            if (key == "loop")
            {
                loop = value is "1" or "true" or "yes";
            }
        }

        return new FileSourceAddress(Uri.UnescapeDataString(uri.LocalPath), loop);
    }
}
