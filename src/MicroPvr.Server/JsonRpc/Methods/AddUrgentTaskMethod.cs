using Microsoft.Extensions.Logging;

namespace MicroPvr.Server.JsonRpc.Methods;

/// <summary>
/// add_urgent_task (deprecated, compat spec §5): create_new_task with a mandatory start that is
/// not in the past. Answers "ok" or "failed" (never an error object: old clients test the string).
/// </summary>
public sealed partial class AddUrgentTaskMethod(JsonRpcServices services, ILogger<AddUrgentTaskMethod> logger) : JsonRpcMethod
{
    public override string Name => "add_urgent_task";
    public override string Summary => "Deprecated: creates a task whose start_timestamp (required) is not in the past. Returns \"ok\" or \"failed\".";
    public override bool Deprecated => true;
    public override IReadOnlyList<JsonRpcParamInfo> Params { get; } =
        [.. TaskRequestReader.Params.Select(p => p.Name == "start_timestamp" ? p with { Required = true, Description = "Unix time of the first run; not in the past." } : p)];

    public override async ValueTask<JsonRpcOutcome> InvokeAsync(JsonRpcParams parameters, CancellationToken ct)
    {
        try
        {
            var now = services.Time.GetUtcNow();
            var request = TaskRequestReader.Read(parameters, now, startRequired: true);
            if (request.Start < now.AddSeconds(-1))
            {
                throw new JsonRpcErrorException(JsonRpcErrorCodes.InvalidArgument, "start_timestamp is in the past");
            }

            await TaskRequestReader.CreateAsync(services.Tasks, request with { Urgent = true }, ct);
            return JsonRpcOutcome.OkString("ok");
        }
        catch (JsonRpcErrorException ex)
        {
            LogFailed(logger, ex.Code, ex.Message);
            return JsonRpcOutcome.OkString("failed");
        }
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "API error {Code} in add_urgent_task: {Reason} (answered \"failed\")")]
    private static partial void LogFailed(ILogger logger, int code, string reason);
}
