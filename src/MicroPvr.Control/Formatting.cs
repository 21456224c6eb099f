using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MicroPvr.Control;

/// <summary>How answers are shown: times in the server's time zone (compat spec §7), statuses by name.</summary>
public static class Formatting
{
    private static readonly string[] Statuses = ["NEW", "POSTPONED", "STARTING", "STARTED", "FAILED", "UNKNOWN"];
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Time(JsonNode? unix)
    {
        if (unix is null || !long.TryParse(unix.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
        {
            return "-";
        }

        return DateTimeOffset.FromUnixTimeSeconds(seconds).ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
    }

    public static string Status(JsonNode? status) =>
        status is not null && int.TryParse(status.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) && s >= 0 && s < Statuses.Length
            ? Statuses[s]
            : status?.ToString() ?? "-";

    public static string Repeat(JsonNode? period) =>
        period is null || period.ToString() is "0" or "" ? "no repeat" : $"{period} secs";

    public static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => node.ToJsonString(),
    };

    public static string Pretty(JsonNode? node) => node is null ? "null" : node.ToJsonString(Indented);
}
