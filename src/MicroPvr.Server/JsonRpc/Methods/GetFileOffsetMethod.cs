using System.Text.Json.Nodes;

namespace MicroPvr.Server.JsonRpc.Methods;

/// <summary>
/// get_file_offset (deprecated, compat spec §5): the original's NON-standard shape, with result
/// ("ok"/"failed"), offset (string, "-1" on error), file and timestamp as members of the response
/// object itself. Errors never produce an error object.
/// </summary>
public sealed class GetFileOffsetMethod(FileOffsetLookup lookup) : JsonRpcMethod
{
    public override string Name => "get_file_offset";
    public override string Summary => "Deprecated get_file_and_offset with result/offset/file/timestamp on the response object itself; offset \"-1\" on error.";
    public override bool Deprecated => true;
    public override IReadOnlyList<JsonRpcParamInfo> Params => FileOffsetLookup.Params;

    public override async ValueTask<JsonRpcOutcome> InvokeAsync(JsonRpcParams parameters, CancellationToken ct)
    {
        try
        {
            var position = await lookup.LookupAsync(parameters, ct);
            var members = FileOffsetLookup.ToJson(position);
            members.Insert(0, "result", "ok");
            return JsonRpcOutcome.Flat(members);
        }
        catch (JsonRpcErrorException)
        {
            return JsonRpcOutcome.Flat(new JsonObject
            {
                ["result"] = "failed",
                ["offset"] = "-1",
                ["file"] = "",
                ["timestamp"] = 0,
            });
        }
    }
}
