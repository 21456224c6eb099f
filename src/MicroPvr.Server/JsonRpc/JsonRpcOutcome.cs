using System.Text.Json.Nodes;

namespace MicroPvr.Server.JsonRpc;

/// <summary>
/// What a method answers: a result, or (for get_file_offset only) members placed on the response
/// object itself, the deprecated non-standard shape of compat spec §5.
/// </summary>
public sealed class JsonRpcOutcome
{
    private JsonRpcOutcome(JsonNode? result, JsonObject? responseMembers)
    {
        Result = result;
        ResponseMembers = responseMembers;
    }

    public JsonNode? Result { get; }

    /// <summary>When set, these members are written on the response object instead of "result".</summary>
    public JsonObject? ResponseMembers { get; }

    public static JsonRpcOutcome Ok(JsonNode? result) => new(result, null);

    public static JsonRpcOutcome OkString(string result) => new(JsonValue.Create(result), null);

    public static JsonRpcOutcome Flat(JsonObject members) => new(null, members);
}
