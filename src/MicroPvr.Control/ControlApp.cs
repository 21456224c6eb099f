using System.Reflection;
using System.Text.Json.Nodes;

namespace MicroPvr.Control;

/// <summary>micropvr_control (compat spec §8): runs one API call and shows its answer.</summary>
public sealed class ControlApp(TextReader input, TextWriter output, TextWriter error)
{
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(60);

    public const string Usage = """
        usage: micropvr_control [-h] [-V] [-H host] [-p port] [-q] [-d] [-y] -f function [-a args...] [-A name=value ...]

          -H host       daemon address (default 127.0.0.1)
          -p port       JSON-RPC port (default 4089)
          -q            quiet: data only, no titles or confirmations
          -d            print the server's answers as JSON
          -y            do not ask to confirm deletions and cancellations
          -f function   get_all [channel_id]
                        get_records [channel_id]
                        cancel_task channel_id [record_location]
                        delete_records [timestamp] [channel_id]
                        delete_records_days ndays [channel_id]
                        or any API method by name, with -A name=value params
          -a args       positional arguments of the function
          -A name=value a named param (value parsed as JSON when it is JSON, else a string)
          -h, -V        help, version

        exit codes: 0 ok, 1 API error (code shown), 2 usage, 3 daemon unreachable or no answer,
                    4 invalid answer, 5 not confirmed
        """;

    public static string Version =>
        typeof(ControlApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken ct = default)
    {
        ControlArguments parsed;
        ControlCall call;
        try
        {
            parsed = ControlArguments.Parse(args);
            if (parsed.Help)
            {
                output.WriteLine(Usage);
                return ExitCodes.Ok;
            }

            if (parsed.Version)
            {
                output.WriteLine($"micropvr_control {Version}");
                return ExitCodes.Ok;
            }

            call = ControlCall.Build(parsed);
        }
        catch (ControlException ex)
        {
            error.WriteLine($"micropvr_control: {ex.Message}");
            error.WriteLine(Usage);
            return ExitCodes.Usage;
        }

        try
        {
            if (call.Question is { } question && !parsed.AssumeYes && !Confirm(question))
            {
                error.WriteLine("micropvr_control: not confirmed, nothing done");
                return ExitCodes.NotConfirmed;
            }

            var client = new RpcClient(parsed.Host, parsed.Port, CallTimeout);
            var (text, answer) = await client.CallAsync(call.Method, call.Parameters, ct);
            return Show(parsed, call, text.Trim(), answer);
        }
        catch (ControlException ex)
        {
            error.WriteLine($"micropvr_control: {ex.Message}");
            return ex.ExitCode;
        }
    }

    private int Show(ControlArguments parsed, ControlCall call, string text, JsonObject answer)
    {
        if (answer["error"] is JsonObject failure)
        {
            if (parsed.Json)
            {
                output.WriteLine(text);
            }

            error.WriteLine($"micropvr_control: {call.Method} failed: error {Formatting.Text(failure["code"])}: {Formatting.Text(failure["message"])}");
            return ExitCodes.ApiError;
        }

        if (!answer.ContainsKey("result"))
        {
            throw new ControlException(ExitCodes.BadAnswer, $"the answer has neither result nor error: {text}");
        }

        if (parsed.Json)
        {
            output.WriteLine(text);
        }
        else if (answer.Any(m => m.Key is not ("jsonrpc" or "id" or "result")))
        {
            // get_file_offset's non-standard shape carries its data beside "result".
            output.WriteLine(Formatting.Pretty(answer));
        }
        else
        {
            call.Print(output, answer["result"], parsed.Quiet);
        }

        // Deprecated methods (add_task, get_file_offset...) report failure as a "failed" result.
        if (answer["result"] is JsonValue value && Formatting.Text(value) == "failed")
        {
            error.WriteLine($"micropvr_control: {call.Method} answered \"failed\"");
            return ExitCodes.ApiError;
        }

        return ExitCodes.Ok;
    }

    /// <summary>Asks on stderr, reads stdin; no stdin (EOF) means no.</summary>
    private bool Confirm(string question)
    {
        error.Write($"{question} [y/N] ");
        error.Flush();
        var reply = input.ReadLine();
        error.WriteLine();
        return reply is not null && reply.Trim().ToUpperInvariant() is "Y" or "YES";
    }
}
