namespace MicroPvr.Server.JsonRpc.Methods;

/// <summary>get_config (compat spec §5): the configuration object; 201 when it cannot be read.</summary>
public sealed class GetConfigMethod(JsonRpcServices services) : JsonRpcMethod
{
    public override string Name => "get_config";
    public override string Summary => "The running configuration object (every key of compat §4 and ours).";

    public override ValueTask<JsonRpcOutcome> InvokeAsync(JsonRpcParams parameters, CancellationToken ct)
    {
        try
        {
            return ValueTask.FromResult(JsonRpcOutcome.Ok(services.Config.GetConfigJson()));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or JsonRpcErrorException)
        {
            throw new JsonRpcErrorException(JsonRpcErrorCodes.ConfigReadError, $"Configuration read error: {ex.Message}");
        }
    }
}
