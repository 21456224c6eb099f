namespace MicroPvr.Server.JsonRpc;

/// <summary>One API method (compat spec §5). Handlers are singletons and must be thread-safe.</summary>
public interface IJsonRpcMethod
{
    string Name { get; }
    string Summary { get; }
    IReadOnlyList<JsonRpcParamInfo> Params { get; }
    bool Deprecated { get; }
    /// <summary>Compat methods answer bad params with 100/101 (compat spec §5); methods we added with -32602.</summary>
    bool ProductErrorCodes { get; }
    ValueTask<JsonRpcOutcome> InvokeAsync(JsonRpcParams parameters, CancellationToken ct);
}
