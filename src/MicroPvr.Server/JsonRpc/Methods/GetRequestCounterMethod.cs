using System.Text.Json.Nodes;

namespace MicroPvr.Server.JsonRpc.Methods;

/// <summary>get_request_counter (compat spec §5): content requests over the last monitor-request-lifetime seconds.</summary>
public sealed class GetRequestCounterMethod(JsonRpcServices services) : JsonRpcMethod
{
    public override string Name => "get_request_counter";
    public override string Summary => "{overall, near_end, successful} content requests in the monitor window; near_end = within 180 s of real time.";

    public override ValueTask<JsonRpcOutcome> InvokeAsync(JsonRpcParams parameters, CancellationToken ct)
    {
        var counters = services.Statistics.GetCounters();
        return ValueTask.FromResult(JsonRpcOutcome.Ok(new JsonObject
        {
            ["overall"] = counters.Overall,
            ["near_end"] = counters.NearEnd,
            ["successful"] = counters.Successful,
        }));
    }
}
