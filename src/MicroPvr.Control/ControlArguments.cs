using System.Text.Json.Nodes;

namespace MicroPvr.Control;

/// <summary>
/// The command line of compat spec §8:
/// <c>micropvr_control [-h] [-V] [-H host] [-p port] [-q] [-d] [-y] -f function [-a args...] [-A name=value ...]</c>.
/// </summary>
public sealed class ControlArguments
{
    public bool Help { get; private set; }
    public bool Version { get; private set; }
    public string Host { get; private set; } = "127.0.0.1";
    public int Port { get; private set; } = 4089;
    public bool Quiet { get; private set; }
    public bool Json { get; private set; }
    public bool AssumeYes { get; private set; }
    public string? Function { get; private set; }
    public List<string> Positional { get; } = [];
    public JsonObject Named { get; } = [];

    public static ControlArguments Parse(IReadOnlyList<string> args)
    {
        var parsed = new ControlArguments();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "-h":
                case "--help":
                    parsed.Help = true;
                    break;
                case "-V":
                case "--version":
                    parsed.Version = true;
                    break;
                case "-q":
                    parsed.Quiet = true;
                    break;
                case "-d":
                    parsed.Json = true;
                    break;
                case "-y":
                    parsed.AssumeYes = true;
                    break;
                case "-H":
                    parsed.Host = Value(args, ref i, arg);
                    break;
                case "-p":
                    var port = Value(args, ref i, arg);
                    parsed.Port = int.TryParse(port, out var p) && p is > 0 and < 65536
                        ? p
                        : throw new ControlException($"-p: '{port}' is not a TCP port");
                    break;
                case "-f":
                    parsed.Function = Value(args, ref i, arg);
                    break;
                case "-a":
                    // Every following word up to the next flag is a positional argument; -a may repeat.
                    var any = false;
                    while (i + 1 < args.Count && !IsFlag(args[i + 1]))
                    {
                        parsed.Positional.Add(args[++i]);
                        any = true;
                    }

                    if (!any)
                    {
                        throw new ControlException("-a needs at least one argument");
                    }

                    break;
                case "-A":
                    parsed.AddNamed(Value(args, ref i, arg));
                    break;
                default:
                    throw new ControlException($"unknown option '{arg}'");
            }
        }

        return parsed;
    }

    private void AddNamed(string pair)
    {
        var eq = pair.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            throw new ControlException($"-A expects name=value, got '{pair}'");
        }

        var name = pair[..eq];
        var text = pair[(eq + 1)..];
        Named[name] = ParseValue(text);
    }

    /// <summary>A value that reads as JSON (number, true/false, object, array, "quoted") is sent as such; anything else as a string.</summary>
    public static JsonNode? ParseValue(string text)
    {
        if (text.Length == 0)
        {
            return JsonValue.Create("");
        }

        try
        {
            return JsonNode.Parse(text) ?? JsonValue.Create(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return JsonValue.Create(text);
        }
    }

    private static bool IsFlag(string arg) => arg.Length == 2 && arg[0] == '-' && char.IsLetter(arg[1]);

    private static string Value(IReadOnlyList<string> args, ref int i, string flag) =>
        i + 1 < args.Count ? args[++i] : throw new ControlException($"{flag} needs a value");
}
