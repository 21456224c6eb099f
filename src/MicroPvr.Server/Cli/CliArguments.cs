namespace MicroPvr.Server.Cli;

/// <summary>Tiny `--name value` parser shared by the recorder subcommands.</summary>
internal sealed class CliArguments
{
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);
    private readonly List<string> _positional = [];

    public CliArguments(IEnumerable<string> args, params string[] valueOptions)
    {
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var a = e.Current;
            if (Array.IndexOf(valueOptions, a) >= 0)
            {
                if (!e.MoveNext())
                {
                    Error = $"{a} needs a value";
                    return;
                }

                _options[a] = e.Current;
            }
            else if (a.StartsWith("--", StringComparison.Ordinal))
            {
                Error = $"unknown option {a}";
                return;
            }
            else
            {
                _positional.Add(a);
            }
        }
    }

    public string? Error { get; }

    public IReadOnlyList<string> Positional => _positional;

    public string? Get(string name) => _options.GetValueOrDefault(name);
}
