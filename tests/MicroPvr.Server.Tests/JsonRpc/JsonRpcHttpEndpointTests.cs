using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MicroPvr.Core.Configuration;
using MicroPvr.Server.JsonRpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace MicroPvr.Server.Tests.JsonRpc;

/// <summary>The same dispatcher as HTTP POST /jsonrpc (Kestrel on a free loopback port).</summary>
public class JsonRpcHttpEndpointTests
{
    private static async Task<(WebApplication App, Uri Base, InMemoryServices Services)> StartAsync(Action<MicroPvrOptions>? configure = null)
    {
        var services = new InMemoryServices();
        services.SetOptions(o => configure?.Invoke(o));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<IConfigService>(services);
        builder.Services.AddSingleton<MicroPvr.Core.Monitoring.ILoadScore>(services);
        builder.Services.AddSingleton<MicroPvr.Core.Tasks.ITaskManager>(services);
        builder.Services.AddMicroPvrJsonRpc();
        var app = builder.Build();
        app.MapMicroPvrJsonRpc();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address), services);
    }

    [Fact]
    public async Task Post_jsonrpc_answers_requests_batches_and_notifications()
    {
        var (app, baseUri, services) = await StartAsync();
        await using var _ = app;
        using var __ = services;
        using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };

        var single = await http.PostAsync("/jsonrpc", new StringContent("""{"jsonrpc":"2.0","method":"is_alive","id":1}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, single.StatusCode);
        Assert.True((bool)JsonNode.Parse(await single.Content.ReadAsStringAsync())!["result"]!["is_alive"]!);

        var batch = await http.PostAsync("/jsonrpc", new StringContent("""[{"jsonrpc":"2.0","method":"is_alive","id":1},{"jsonrpc":"2.0","method":"nope","id":2}]"""));
        var answers = JsonNode.Parse(await batch.Content.ReadAsStringAsync())!.AsArray();
        Assert.Equal(-32601, (int)answers[1]!["error"]!["code"]!);

        var notification = await http.PostAsync("/jsonrpc", new StringContent("""{"jsonrpc":"2.0","method":"cancel_task_by_id","params":{"task_id":4}}"""));
        Assert.Equal(HttpStatusCode.NoContent, notification.StatusCode);
        Assert.Equal([4L], services.CancelByIdCalls);
    }

    [Fact]
    public async Task Post_jsonrpc_honours_the_token_as_a_bearer_and_the_size_limit()
    {
        var (app, baseUri, services) = await StartAsync(o =>
        {
            o.JsonRpcToken = "t0ken";
            o.JsonRpcMaxRequestSizeKiB = 1;
        });
        await using var _ = app;
        using var __ = services;
        using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
        const string Body = """{"jsonrpc":"2.0","method":"is_alive","id":1}""";

        var refused = JsonNode.Parse(await (await http.PostAsync("/jsonrpc", new StringContent(Body))).Content.ReadAsStringAsync())!;
        Assert.Equal(-32001, (int)refused["error"]!["code"]!);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/jsonrpc") { Content = new StringContent(Body) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "t0ken");
        var admitted = JsonNode.Parse(await (await http.SendAsync(request)).Content.ReadAsStringAsync())!;
        Assert.NotNull(admitted["result"]);

        var huge = await http.PostAsync("/jsonrpc", new StringContent(new string(' ', 4096) + Body));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
    }
}
