using System.Buffers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MicroPvr.Server.JsonRpc;

/// <summary>The same dispatcher as HTTP POST /jsonrpc on the delivery port (handy for browsers and curl).</summary>
public static class JsonRpcEndpointRouteBuilderExtensions
{
    public static IEndpointConventionBuilder MapMicroPvrJsonRpc(this IEndpointRouteBuilder endpoints, string pattern = "/jsonrpc") =>
        endpoints.MapPost(pattern, HandleAsync);

    private static async Task HandleAsync(HttpContext http, JsonRpcDispatcher dispatcher, JsonRpcAccessPolicy access, JsonRpcOptionsProvider options)
    {
        var remote = http.Connection.RemoteIpAddress;
        if (!access.IsAddressAllowed(remote))
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        var limit = JsonRpcServerLimitsFor(options);
        if (http.Request.ContentLength > limit)
        {
            http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        var body = ArrayPool<byte>.Shared.Rent(4096);
        var count = 0;
        try
        {
            while (true)
            {
                if (count == body.Length)
                {
                    if (count > limit)
                    {
                        http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                        return;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(body.Length * 2);
                    body.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(body);
                    body = larger;
                }

                var read = await http.Request.Body.ReadAsync(body.AsMemory(count), http.RequestAborted);
                if (read == 0)
                {
                    break;
                }

                count += read;
            }

            if (count > limit)
            {
                http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return;
            }

            var context = new JsonRpcCallContext($"{remote}:{http.Connection.RemotePort}", "http", ReadBearer(http));
            var answer = await dispatcher.DispatchAsync(body.AsMemory(0, count), context, http.RequestAborted);
            if (answer is null)
            {
                http.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            }

            http.Response.ContentType = "application/json";
            http.Response.ContentLength = answer.Length;
            await http.Response.Body.WriteAsync(answer, http.RequestAborted);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body);
        }
    }

    private static int JsonRpcServerLimitsFor(JsonRpcOptionsProvider options) =>
        Transport.JsonRpcServerLimits.From(options.Current).MaxRequestBytes;

    private static string? ReadBearer(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }
}
