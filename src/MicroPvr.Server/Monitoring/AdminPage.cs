using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace MicroPvr.Server.Monitoring;

/// <summary>
/// The read-only admin page (<c>/admin</c>): static HTML and JS from <c>wwwroot/admin/</c>, embedded
/// in the daemon so it needs no files beside it. The page reads <c>/metrics</c> and the API over
/// <c>POST /jsonrpc</c>; it changes nothing. docs/monitoring.md "Admin page".
/// </summary>
public static class AdminPage
{
    private static readonly (string Path, string Resource, string ContentType)[] Files =
    [
        // Routing matches "/admin" and "/admin/" alike.
        ("/admin", "wwwroot/admin/index.html", "text/html; charset=utf-8"),
        ("/admin/admin.js", "wwwroot/admin/admin.js", "text/javascript; charset=utf-8"),
    ];

    public static IEndpointRouteBuilder MapMicroPvrAdminPage(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        foreach (var (path, resource, contentType) in Files)
        {
            var bytes = Load(resource);
            endpoints.MapGet(path, (HttpContext http) =>
            {
                http.Response.Headers[HeaderNames.CacheControl] = "no-cache";
                return Results.Bytes(bytes, contentType);
            });
        }

        return endpoints;
    }

    private static byte[] Load(string resource)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"embedded resource {resource} is missing from the build");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
