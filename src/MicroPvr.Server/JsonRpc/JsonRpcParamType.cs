using System.Diagnostics.CodeAnalysis;

namespace MicroPvr.Server.JsonRpc;

/// <summary>JSON types of method parameters, named as JSON Schema (and so docs/openrpc.json) names them.</summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The names are JSON Schema's type names.")]
public enum JsonRpcParamType
{
    Integer,
    Number,
    String,
    Boolean,
    Object,
}
