namespace MicroPvr.Server.JsonRpc.Methods;

/// <summary>get_file_and_offset (compat spec §5): {offset: "bytes", file, timestamp}; 200 when nothing covers the time.</summary>
public sealed class GetFileAndOffsetMethod(FileOffsetLookup lookup) : JsonRpcMethod
{
    public override string Name => "get_file_and_offset";
    public override string Summary => "File and byte offset of the keyframe at or before timestamp, in the best copy covering it; marks the record as read.";
    public override IReadOnlyList<JsonRpcParamInfo> Params => FileOffsetLookup.Params;

    public override async ValueTask<JsonRpcOutcome> InvokeAsync(JsonRpcParams parameters, CancellationToken ct)
    {
        var position = await lookup.LookupAsync(parameters, ct);
        return JsonRpcOutcome.Ok(FileOffsetLookup.ToJson(position));
    }
}
