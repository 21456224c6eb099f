namespace MicroPvr.Server.JsonRpc;

/// <summary>Defaults shared by the method handlers: compat methods, not deprecated, no params.</summary>
public abstract class JsonRpcMethod : IJsonRpcMethod
{
    public abstract string Name { get; }
    public abstract string Summary { get; }
    public virtual IReadOnlyList<JsonRpcParamInfo> Params => [];
    public virtual bool Deprecated => false;
    public virtual bool ProductErrorCodes => true;

    public abstract ValueTask<JsonRpcOutcome> InvokeAsync(JsonRpcParams parameters, CancellationToken ct);
}
