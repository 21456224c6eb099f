namespace MicroPvr.Core.Configuration;

/// <summary>One problem found in a configuration, named by its key (empty for file-level problems).</summary>
public sealed record ConfigIssue(ConfigIssueKind Kind, string Key, string Message, long? Line = null)
{
    /// <summary>Retired keys are the only issue that is never an error, even in strict mode.</summary>
    public bool IsError => Kind != ConfigIssueKind.RetiredKey;

    public override string ToString()
    {
        var where = Line is { } line ? $"line {line}: " : "";
        return Key.Length == 0 ? $"{where}{Message}" : $"{where}{Key}: {Message}";
    }
}
