using MicroPvr.Core.Monitoring;
using Microsoft.AspNetCore.Http;

namespace MicroPvr.Server.Monitoring;

/// <summary>
/// Accounting for endpoints that return an <see cref="IResult"/> which writes the body itself
/// (Results.Stream, Results.File...): the bytes it writes are counted and a session is open while
/// it runs. docs/monitoring.md "Accounting API".
/// </summary>
public static class DeliveryResults
{
    /// <summary>A transfer (not a content request of its own): session + bytes, for <paramref name="channelId"/> when known.</summary>
    public static IResult Transfer(IResult inner, int? channelId) => new AccountedResult(inner, channelId);

    private sealed class AccountedResult(IResult inner, int? channelId) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            if (httpContext.RequestServices.GetService<RequestStatistics>() is not { } statistics)
            {
                await inner.ExecuteAsync(httpContext);
                return;
            }

            using var session = statistics.BeginTransfer(channelId);
            var body = httpContext.Response.Body;
            httpContext.Response.Body = session.Wrap(body);
            try
            {
                await inner.ExecuteAsync(httpContext);
            }
            finally
            {
                httpContext.Response.Body = body;
            }
        }
    }
}
