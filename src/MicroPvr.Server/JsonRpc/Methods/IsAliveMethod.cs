using System.Text.Json.Nodes;

namespace MicroPvr.Server.JsonRpc.Methods;

/// <summary>is_alive (compat spec §5): the load score that balancers poll.</summary>
public sealed class IsAliveMethod(JsonRpcServices services) : JsonRpcMethod
{
    public override string Name => "is_alive";
    public override string Summary => "{is_alive, score, session_count}: false when a partial score exceeds 8 or the score exceeds score-max-score.";

    public override ValueTask<JsonRpcOutcome> InvokeAsync(JsonRpcParams parameters, CancellationToken ct)
    {
        var score = services.LoadScore.GetLoadScore();
        return ValueTask.FromResult(JsonRpcOutcome.Ok(new JsonObject
        {
            ["is_alive"] = score.IsAlive,
            ["score"] = Math.Round(score.Score, 3),
            ["session_count"] = score.SessionCount,
        }));
    }
}
