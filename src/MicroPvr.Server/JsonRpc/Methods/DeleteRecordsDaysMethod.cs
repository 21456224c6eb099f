using System.Text.Json.Nodes;

namespace MicroPvr.Server.JsonRpc.Methods;

/// <summary>delete_records_days (ours, for micropvr_control, compat spec §8): deletes the oldest ndays days of files not being written.</summary>
public sealed class DeleteRecordsDaysMethod(JsonRpcServices services) : JsonRpcMethod
{
    public override string Name => "delete_records_days";
    public override string Summary => "Deletes the oldest ndays days of record files not being written. Returns {deleted}.";
    public override bool ProductErrorCodes => false;
    public override IReadOnlyList<JsonRpcParamInfo> Params { get; } =
    [
        new("ndays", JsonRpcParamType.Integer, true, "Number of oldest days to delete, >= 1."),
        new("channel_id", JsonRpcParamType.Integer, false, "Only this channel; absent = every channel."),
    ];

    public override async ValueTask<JsonRpcOutcome> InvokeAsync(JsonRpcParams parameters, CancellationToken ct)
    {
        parameters.EnsurePresent();
        var days = parameters.GetInt32("ndays", min: 1, max: 100_000);
        var channelId = parameters.IsBlank("channel_id") ? null : parameters.GetOptionalInt32("channel_id", min: 1);
        var deleted = await services.Storage.DeleteOldestDaysAsync(days, channelId, ct);
        return JsonRpcOutcome.Ok(new JsonObject { ["deleted"] = deleted });
    }
}
