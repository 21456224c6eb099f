using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MicroPvr.Server.JsonRpc;

/// <summary>
/// Typed access to a request's named params (compat spec §5: params is an object; positional
/// arrays are not supported). Compat methods report problems with the product codes (100 no
/// params, 101 missing/invalid argument); methods we added use JSON-RPC's -32602.
/// Lenient where the original's clients differ: numbers may come as numeric strings, and unix
/// times may carry a fraction (Python's time.time()).
/// </summary>
public sealed class JsonRpcParams
{
    private readonly JsonObject? _object;
    private readonly bool _positional;
    private readonly bool _productCodes;

    public JsonRpcParams(JsonNode? parameters, bool productCodes)
    {
        _productCodes = productCodes;
        _positional = parameters is JsonArray;
        _object = parameters as JsonObject;
    }

    /// <summary>No params member, null, or an empty object.</summary>
    public bool IsEmpty => !_positional && (_object is null || _object.Count == 0);

    public bool IsPositional => _positional;

    /// <summary>Throws 100 (or -32602) when the request has no params, and rejects positional params.</summary>
    public void EnsurePresent()
    {
        EnsureNamed();
        if (IsEmpty)
        {
            throw new JsonRpcErrorException(_productCodes ? JsonRpcErrorCodes.NoParams : JsonRpcErrorCodes.InvalidParams, "no params");
        }
    }

    public void EnsureNamed()
    {
        if (_positional)
        {
            throw Invalid("positional params are not supported: pass params as an object of named members");
        }
    }

    /// <summary>True when the member is present and not null.</summary>
    public bool Has(string name) => _object is not null && _object[name] is not null;

    /// <summary>Absent, null or an empty string: what old clients send for "not given".</summary>
    public bool IsBlank(string name) =>
        Get(name) is not { } node || (node.GetValueKind() == JsonValueKind.String && node.GetValue<string>().Length == 0);

    public long GetInt64(string name, long min = long.MinValue, long max = long.MaxValue) =>
        GetOptionalInt64(name, min, max) ?? throw Missing(name);

    public long? GetOptionalInt64(string name, long min = long.MinValue, long max = long.MaxValue)
    {
        var node = Get(name);
        if (node is null)
        {
            return null;
        }

        if (!TryReadInt64(node, out var value))
        {
            throw Invalid($"'{name}' must be an integer");
        }

        if (value < min || value > max)
        {
            throw Invalid(max == long.MaxValue ? $"'{name}' must be >= {min}" : $"'{name}' must be between {min} and {max}");
        }

        return value;
    }

    public int GetInt32(string name, int min = int.MinValue, int max = int.MaxValue) => (int)GetInt64(name, min, max);

    public int? GetOptionalInt32(string name, int min = int.MinValue, int max = int.MaxValue) =>
        (int?)GetOptionalInt64(name, min, max);

    /// <summary>A unix time in seconds (UTC); a fraction is truncated.</summary>
    public DateTimeOffset GetUnixTime(string name) => GetOptionalUnixTime(name) ?? throw Missing(name);

    public DateTimeOffset? GetOptionalUnixTime(string name)
    {
        var node = Get(name);
        if (node is null)
        {
            return null;
        }

        if (!TryReadNumber(node, out var seconds) || seconds < 0 || seconds > 253402300799)
        {
            throw Invalid($"'{name}' must be a unix time in seconds");
        }

        return DateTimeOffset.FromUnixTimeSeconds((long)Math.Floor(seconds));
    }

    /// <summary>A required non-empty string.</summary>
    public string GetString(string name) => GetOptionalString(name) is { Length: > 0 } s ? s : throw Missing(name);

    public string? GetOptionalString(string name)
    {
        var node = Get(name);
        if (node is null)
        {
            return null;
        }

        if (node.GetValueKind() != JsonValueKind.String)
        {
            throw Invalid($"'{name}' must be a string");
        }

        return node.GetValue<string>();
    }

    public bool? GetOptionalBoolean(string name)
    {
        var node = Get(name);
        if (node is null)
        {
            return null;
        }

        switch (node.GetValueKind())
        {
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.Number when TryReadInt64(node, out var n) && n is 0 or 1:
                return n == 1;
            case JsonValueKind.String:
                var s = node.GetValue<string>();
                if (s is "1" || s.Equals("true", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }

                if (s is "0" or "" || s.Equals("false", StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }

                break;
        }

        throw Invalid($"'{name}' must be a boolean");
    }

    public JsonObject GetObject(string name) =>
        Get(name) switch
        {
            null => throw Missing(name),
            JsonObject o => o,
            _ => throw Invalid($"'{name}' must be an object"),
        };

    public JsonRpcErrorException Invalid(string message) =>
        new(_productCodes ? JsonRpcErrorCodes.InvalidArgument : JsonRpcErrorCodes.InvalidParams, message);

    private JsonRpcErrorException Missing(string name) => Invalid($"missing argument '{name}'");

    private JsonNode? Get(string name)
    {
        EnsureNamed();
        return _object?[name];
    }

    private static bool TryReadInt64(JsonNode node, out long value)
    {
        value = 0;
        if (!TryReadNumber(node, out var d) || d != Math.Floor(d) || d < long.MinValue || d > long.MaxValue)
        {
            return false;
        }

        // Prefer the exact integer form when the JSON text has one (no double rounding).
        if (node.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue(out long exact))
        {
            value = exact;
            return true;
        }

        value = (long)d;
        return true;
    }

    private static bool TryReadNumber(JsonNode node, out double value)
    {
        value = 0;
        switch (node.GetValueKind())
        {
            case JsonValueKind.Number:
                return node.AsValue().TryGetValue(out value) && double.IsFinite(value);
            case JsonValueKind.String:
                return double.TryParse(node.GetValue<string>().Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value)
                    && double.IsFinite(value);
            default:
                return false;
        }
    }
}
