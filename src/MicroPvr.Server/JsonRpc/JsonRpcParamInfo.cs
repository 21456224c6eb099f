namespace MicroPvr.Server.JsonRpc;

/// <summary>One named parameter of a method (docs/openrpc.json is checked against these).</summary>
public sealed record JsonRpcParamInfo(string Name, JsonRpcParamType Type, bool Required, string Description);
