namespace MicroPvr.Core.Configuration;

/// <summary>
/// The outcome of reading a configuration. <see cref="Options"/> is always usable: keys with a
/// bad value keep their default, and an unreadable file gives all defaults (compat spec §4).
/// </summary>
public sealed record ConfigLoadResult(MicroPvrOptions Options, IReadOnlyList<ConfigIssue> Issues, bool UsedDefaults)
{
    public bool HasErrors
    {
        get
        {
            foreach (var issue in Issues)
            {
                if (issue.IsError)
                {
                    return true;
                }
            }
            return false;
        }
    }
}
