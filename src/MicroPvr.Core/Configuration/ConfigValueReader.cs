using System.Globalization;
using System.Text.Json;

namespace MicroPvr.Core.Configuration;

/// <summary>
/// Converts one JSON value to the type of its option. Strict mode (check-config, set_config)
/// takes JSON types as they are; lenient mode (the daemon, like the original) also takes
/// numbers and booleans written as strings, since hand-edited configs often quote them.
/// </summary>
internal static class ConfigValueReader
{
    public static bool TryRead(JsonElement element, Type type, bool strict, out object? value)
    {
        value = null;
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null)
        {
            if (element.ValueKind == JsonValueKind.Null)
            {
                return true;
            }
            type = underlying;
        }

        if (type == typeof(string))
        {
            if (element.ValueKind == JsonValueKind.String)
            {
                value = element.GetString();
                return true;
            }
            return false;
        }
        if (type == typeof(bool))
        {
            return TryReadBool(element, strict, out value);
        }
        if (type == typeof(IList<string>) || type == typeof(List<string>))
        {
            return TryReadStringList(element, strict, out value);
        }

        var text = element.ValueKind switch
        {
            JsonValueKind.Number => element.GetRawText(),
            JsonValueKind.String when !strict => element.GetString()!.Trim(),
            _ => null,
        };
        if (text is null)
        {
            return false;
        }
        if (type == typeof(int) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i))
        {
            value = i;
            return true;
        }
        if (type == typeof(long) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l))
        {
            value = l;
            return true;
        }
        if (type == typeof(double) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
        {
            value = d;
            return true;
        }
        return false;
    }

    /// <summary>A JSON array of strings; lenient mode also takes one comma-separated string.</summary>
    private static bool TryReadStringList(JsonElement element, bool strict, out object? value)
    {
        value = null;
        var list = new List<string>();
        if (element.ValueKind == JsonValueKind.String && !strict)
        {
            foreach (var part in element.GetString()!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                list.Add(part);
            }
            value = list;
            return true;
        }
        if (element.ValueKind != JsonValueKind.Array)
        {
            return false;
        }
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return false;
            }
            list.Add(item.GetString()!);
        }
        value = list;
        return true;
    }

    private static bool TryReadBool(JsonElement element, bool strict, out object? value)
    {
        value = null;
        switch (element.ValueKind)
        {
            case JsonValueKind.True:
                value = true;
                return true;
            case JsonValueKind.False:
                value = false;
                return true;
            case JsonValueKind.String when !strict:
                var s = element.GetString()!.Trim();
                if (s is "true" or "1" or "yes" or "on")
                {
                    value = true;
                    return true;
                }
                if (s is "false" or "0" or "no" or "off")
                {
                    value = false;
                    return true;
                }
                return false;
            case JsonValueKind.Number when !strict && element.TryGetInt32(out var n) && n is 0 or 1:
                value = n == 1;
                return true;
            default:
                return false;
        }
    }

    /// <summary>The type name shown in messages, in JSON terms.</summary>
    public static string Describe(Type type)
    {
        var nullable = Nullable.GetUnderlyingType(type);
        var t = nullable ?? type;
        var name = t == typeof(string) ? "a string"
            : t == typeof(bool) ? "true or false"
            : t == typeof(int) || t == typeof(long) ? "an integer"
            : t == typeof(double) ? "a number"
            : t == typeof(IList<string>) || t == typeof(List<string>) ? "an array of strings"
            : t.Name;
        return nullable is null ? name : name + " or null";
    }
}
