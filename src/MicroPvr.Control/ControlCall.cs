using System.Globalization;
using System.Text.Json.Nodes;

namespace MicroPvr.Control;

/// <summary>
/// One API call prepared from the command line: compat spec §8's functions with their positional
/// arguments, or any API method by name with -A name=value params.
/// </summary>
public sealed class ControlCall
{
    private ControlCall(string method, JsonObject parameters, string? question, Action<TextWriter, JsonNode?, bool> print)
    {
        Method = method;
        Parameters = parameters;
        Question = question;
        Print = print;
    }

    public string Method { get; }
    public JsonObject Parameters { get; }
    /// <summary>Asked before destructive calls (deletions, cancellations) unless -y.</summary>
    public string? Question { get; }
    public Action<TextWriter, JsonNode?, bool> Print { get; }

    public static ControlCall Build(ControlArguments args)
    {
        var function = args.Function ?? throw new ControlException("-f function is required");
        var positional = args.Positional;
        var p = new JsonObject();
        ControlCall call;
        switch (function)
        {
            case "get_all":
                Arity(function, positional, 0, 1, "[channel_id]");
                SetInt(p, "channel_id", positional, 0);
                call = new(function, p, null, PrintAll);
                break;
            case "get_records":
                Arity(function, positional, 0, 1, "[channel_id]");
                SetInt(p, "channel_id", positional, 0);
                call = new(function, p, null, (o, r, q) => Printers.Records(o, r as JsonArray ?? [], q));
                break;
            case "cancel_task":
                Arity(function, positional, 1, 2, "channel_id [record_location]");
                SetInt(p, "channel_id", positional, 0);
                if (positional.Count > 1)
                {
                    p["record_location"] = positional[1];
                }

                call = new(function, p,
                    $"Cancel the recording task(s) of channel {positional[0]} {(positional.Count > 1 ? $"in {positional[1]}" : "in every location")}? Recorded files are kept.",
                    PrintOk);
                break;
            case "delete_records":
                Arity(function, positional, 0, 2, "[timestamp] [channel_id]");
                SetInt(p, "timestamp", positional, 0);
                SetInt(p, "channel_id", positional, 1);
                call = new(function, p, DeleteQuestion(positional), PrintDeleted);
                break;
            case "delete_records_days":
                Arity(function, positional, 1, 2, "ndays [channel_id]");
                SetInt(p, "ndays", positional, 0);
                SetInt(p, "channel_id", positional, 1);
                call = new(function, p,
                    $"Delete the oldest {positional[0]} day(s) of record files{(positional.Count > 1 ? $" of channel {positional[1]}" : "")} (files being written are kept)?",
                    PrintDeleted);
                break;
            default:
                if (positional.Count > 0)
                {
                    throw new ControlException($"-a is for get_all, get_records, cancel_task, delete_records and delete_records_days; pass params of '{function}' with -A name=value");
                }

                call = new(function, p, function == "cancel_task_by_id" ? "Cancel this recording task? Recorded files are kept." : null, PrintGeneric);
                break;
        }

        foreach (var (name, value) in args.Named)
        {
            call.Parameters[name] = value?.DeepClone();
        }

        return call;
    }

    private static string DeleteQuestion(List<string> positional)
    {
        var scope = positional.Count > 1 ? $" of channel {positional[1]}" : "";
        var time = positional.Count > 0 && long.TryParse(positional[0], out var t)
            ? $" that started at or before {DateTimeOffset.FromUnixTimeSeconds(t).ToLocalTime():yyyy-MM-dd HH:mm:ss}"
            : "";
        return $"Delete every record file{scope}{time} (files being written are kept)?";
    }

    private static void Arity(string function, List<string> positional, int min, int max, string usage)
    {
        if (positional.Count < min || positional.Count > max)
        {
            throw new ControlException($"{function} takes -a {usage}");
        }
    }

    private static void SetInt(JsonObject p, string name, List<string> positional, int index)
    {
        if (index >= positional.Count)
        {
            return;
        }

        p[name] = long.TryParse(positional[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ControlException($"{name} must be an integer, got '{positional[index]}'");
    }

    private static void PrintAll(TextWriter output, JsonNode? result, bool quiet)
    {
        Printers.Tasks(output, result?["tasks"] as JsonArray ?? [], quiet);
        Printers.MountPoints(output, result?["mount_points"] as JsonArray ?? [], quiet);
    }

    private static void PrintOk(TextWriter output, JsonNode? result, bool quiet)
    {
        if (!quiet)
        {
            output.WriteLine(Formatting.Text(result));
        }
    }

    private static void PrintDeleted(TextWriter output, JsonNode? result, bool quiet)
    {
        if (!quiet)
        {
            output.WriteLine($"deleted {Formatting.Text(result?["deleted"])} record file(s)");
        }
    }

    private static void PrintGeneric(TextWriter output, JsonNode? result, bool quiet) =>
        output.WriteLine(result is JsonValue ? Formatting.Text(result) : Formatting.Pretty(result));
}
