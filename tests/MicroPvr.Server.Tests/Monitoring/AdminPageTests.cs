using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MicroPvr.TestKit;

namespace MicroPvr.Server.Tests.Monitoring;

/// <summary>
/// The admin page served by the real daemon: the HTML and its script load, and everything the
/// script reads exists: each API method it calls answers over POST /jsonrpc without an error, and
/// each metric family it names is in /metrics.
/// </summary>
public sealed partial class AdminPageTests
{
    [Fact]
    public async Task The_admin_page_loads_and_every_method_and_metric_it_reads_exists()
    {
        await using var daemon = await DaemonProcess.StartAsync();
        using var http = new HttpClient { BaseAddress = daemon.HttpBase, Timeout = TimeSpan.FromSeconds(60) };

        using var page = await http.GetAsync("admin");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<script src=\"/admin/admin.js\"></script>", html, StringComparison.Ordinal);
        foreach (var table in (string[])["load", "tasks", "channels", "disk"])
        {
            Assert.Contains($"<table id=\"{table}\">", html, StringComparison.Ordinal);
        }

        using var script = await http.GetAsync("admin/admin.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        var js = await script.Content.ReadAsStringAsync();

        var methods = RpcCall().Matches(js).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Equal(["get_tasks_list", "get_channel_list", "get_request_counter", "is_alive"], methods);
        foreach (var method in methods)
        {
            using var body = new StringContent($$"""{"jsonrpc":"2.0","method":"{{method}}","id":1}""", Encoding.UTF8, "application/json");
            using var answer = await http.PostAsync("jsonrpc", body);
            var json = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
            Assert.True(json["error"] is null && json["result"] is not null, $"{method}: {json.ToJsonString()}");
        }

        var metrics = PrometheusExposition.Parse(await http.GetStringAsync("metrics"));
        var names = MetricName().Matches(js).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.True(names.Count >= 10, string.Join(", ", names));
        foreach (var name in names)
        {
            Assert.True(metrics.Types.ContainsKey(name), $"the admin page reads {name}, which /metrics does not have");
        }
    }

    [GeneratedRegex("""rpc\("([a-z_]+)"\)""")]
    private static partial Regex RpcCall();

    [GeneratedRegex("""["']((?:micropvr|process|dotnet)_[a-z0-9_]+)["']""")]
    private static partial Regex MetricName();
}
