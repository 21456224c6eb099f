using System.Text.Json;
using MicroPvr.Server.Delivery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace MicroPvr.Server.Monitoring;

/// <summary>
/// <c>GET /metrics</c> (Prometheus text format 0.0.4) and <c>GET /healthz</c> (200 or 503 with a
/// JSON body) on the delivery port, and the read-only admin page <c>/admin</c> built on them.
/// docs/monitoring.md is the contract of all three.
/// </summary>
public static class MonitoringEndpointRouteBuilderExtensions
{
    public static IEndpointRouteBuilder MapMicroPvrMonitoring(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapMethods("/metrics", HttpMethodSets.GetHead, HandleMetricsAsync);
        endpoints.MapMethods("/healthz", HttpMethodSets.GetHead, HandleHealthAsync);
        endpoints.MapMicroPvrAdminPage();
        return endpoints;
    }

    private static async Task HandleMetricsAsync(HttpContext http, MetricsCollector collector)
    {
        var text = await collector.CollectAsync(http.RequestAborted);
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = PrometheusTextWriter.ContentType;
        http.Response.Headers[HeaderNames.CacheControl] = "no-store";
        await http.Response.WriteAsync(text, http.RequestAborted);
    }

    private static async Task HandleHealthAsync(HttpContext http, HealthChecker checker)
    {
        var report = await checker.CheckAsync(http.RequestAborted);
        http.Response.StatusCode = report.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.Headers[HeaderNames.CacheControl] = "no-store";
        await using var json = new Utf8JsonWriter(http.Response.Body);
        HealthJson.Write(json, report);
        await json.FlushAsync(http.RequestAborted);
    }
}
