using System.Text.Json.Nodes;

namespace MicroPvr.Server.JsonRpc.Methods;

/// <summary>
/// delete_records (ours, for micropvr_control delete_records, compat spec §8): deletes files not
/// being written that started no later than timestamp (all when absent), of one channel or all.
/// </summary>
public sealed class DeleteRecordsMethod(JsonRpcServices services) : JsonRpcMethod
{
    public override string Name => "delete_records";
    public override string Summary => "Deletes record files not being written that started no later than timestamp (all if absent). Returns {deleted}.";
    public override bool ProductErrorCodes => false;
    public override IReadOnlyList<JsonRpcParamInfo> Params { get; } =
    [
        new("timestamp", JsonRpcParamType.Integer, false, "Unix time: files that started at or before it; absent = every file."),
        new("channel_id", JsonRpcParamType.Integer, false, "Only this channel; absent = every channel."),
    ];

    public override async ValueTask<JsonRpcOutcome> InvokeAsync(JsonRpcParams parameters, CancellationToken ct)
    {
        parameters.EnsureNamed();
        var before = parameters.IsBlank("timestamp") ? null : parameters.GetOptionalUnixTime("timestamp");
        var channelId = parameters.IsBlank("channel_id") ? null : parameters.GetOptionalInt32("channel_id", min: 1);
        var deleted = await services.Storage.DeleteRecordsAsync(before, channelId, ct);
        return JsonRpcOutcome.Ok(new JsonObject { ["deleted"] = deleted });
    }
}
