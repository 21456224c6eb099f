namespace MicroPvr.Core.Configuration;

/// <summary>What is wrong with a configuration file or one of its keys.</summary>
public enum ConfigIssueKind
{
    /// <summary>The file could not be read (missing, permissions).</summary>
    Unreadable,
    /// <summary>The text is not JSON (with comments and trailing commas allowed).</summary>
    Syntax,
    /// <summary>A key neither the original nor we know: warned, not fatal (compat spec §4).</summary>
    UnknownKey,
    /// <summary>One of the three retired keys: accepted and ignored with a warning (compat spec §4).</summary>
    RetiredKey,
    /// <summary>The value has the wrong JSON type for the key.</summary>
    WrongType,
    /// <summary>The value has the right type but is out of its range.</summary>
    OutOfRange,
}
