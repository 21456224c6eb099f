using System.Text.Json;

namespace MicroPvr.Server.Monitoring;

/// <summary>The /healthz body (docs/monitoring.md): small, stable member names, snake_case like the API.</summary>
public static class HealthJson
{
    public static void Write(Utf8JsonWriter json, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(report);
        json.WriteStartObject();
        json.WriteString("status", report.Healthy ? "ok" : "unhealthy");
        json.WriteString("checked_at", report.CheckedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteBoolean("catalog_up", report.CatalogUp);
        json.WriteNumber("tasks", report.Tasks);
        json.WriteNumber("recording", report.Recording);
        json.WriteStartObject("record_locations");
        foreach (var (location, failure) in report.Locations)
        {
            json.WriteString(location, failure ?? "ok");
        }

        json.WriteEndObject();
        WriteList(json, "problems", report.Problems);
        WriteList(json, "warnings", report.Warnings);
        json.WriteEndObject();
    }

    private static void WriteList(Utf8JsonWriter json, string name, IReadOnlyList<HealthProblem> items)
    {
        json.WriteStartArray(name);
        foreach (var item in items)
        {
            json.WriteStartObject();
            json.WriteString("check", item.Check);
            json.WriteString("subject", item.Subject);
            json.WriteString("detail", item.Detail);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
