using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using MicroPvr.Server.JsonRpc;

namespace MicroPvr.Server.Tests.JsonRpc;

/// <summary>
/// Conformance holes found by auditing issue 4's "Tests" section: wrong types for every param of
/// every method, error 201, thousands of idle connections, large requests and batches.
/// </summary>
public class JsonRpcConformanceTests
{
    private const string Counter = """{"jsonrpc":"2.0","method":"get_request_counter","id":1}""";

    /// <summary>Methods that by contract never answer an error object (compat spec §5): their failure is a result.</summary>
    private static readonly Dictionary<string, Func<JsonNode, bool>> NeverAnError = new()
    {
        ["add_task"] = a => (string?)a["result"] == "failed",
        ["add_urgent_task"] = a => (string?)a["result"] == "failed",
        ["get_file_offset"] = a => (string?)a["result"] == "failed" && (string?)a["offset"] == "-1",
    };

    [Fact]
    public async Task A_wrong_type_for_any_param_of_any_method_gets_that_methods_documented_error()
    {
        await using var api = await ApiHost.StartAsync();
        var checkedParams = 0;
        foreach (var (name, method) in api.Dispatcher.Methods)
        {
            foreach (var param in method.Params)
            {
                // An object where a scalar is expected; a number where the object (config) is.
                var wrong = param.Type == JsonRpcParamType.Object ? "5" : """{"nested":[1,2]}""";
                var answer = JsonNode.Parse(await RawClient.CallLikeJsonRpcTcpAsync(
                    api.EndPoint, $$"""{"jsonrpc":"2.0","method":"{{name}}","params":{"{{param.Name}}":{{wrong}}},"id":7}"""))!;
                var text = $"{name}.{param.Name}: {answer.ToJsonString()}";
                Assert.True((int)answer["id"]! == 7, text);
                if (NeverAnError.TryGetValue(name, out var failed))
                {
                    Assert.True(failed(answer), text);
                }
                else
                {
                    var expected = method.ProductErrorCodes ? 101 : -32602;
                    Assert.True(answer["error"]?["code"] is { } code && (int)code == expected, text);
                }

                checkedParams++;
            }
        }

        Assert.True(checkedParams >= 60, $"only {checkedParams} params checked");
    }

    [Fact]
    public async Task Positional_params_are_refused_by_every_method_that_takes_params()
    {
        await using var api = await ApiHost.StartAsync();
        foreach (var (name, method) in api.Dispatcher.Methods)
        {
            if (method.Params.Count == 0 || NeverAnError.ContainsKey(name))
            {
                continue;
            }

            var answer = JsonNode.Parse(await RawClient.CallLikeNcAsync(api.EndPoint, $$"""{"jsonrpc":"2.0","method":"{{name}}","params":[3,4],"id":1}"""))!;
            var expected = method.ProductErrorCodes ? 101 : -32602;
            Assert.True(answer["error"]?["code"] is { } code && (int)code == expected, $"{name}: {answer.ToJsonString()}");
        }
    }

    [Fact]
    public async Task A_configuration_that_cannot_be_read_gives_201()
    {
        await using var api = await ApiHost.StartAsync();
        api.Services.ConfigReadFailure = "disk gone";
        var answer = JsonNode.Parse(await RawClient.CallLikeJsonRpcTcpAsync(api.EndPoint, """{"jsonrpc":"2.0","method":"get_config","id":1}"""))!;
        Assert.Equal(201, (int)answer["error"]!["code"]!);
        Assert.Contains("disk gone", (string)answer["error"]!["message"]!);
    }

    [Fact]
    public async Task Thousands_of_idle_connections_stay_bounded_time_out_and_the_server_serves_again()
    {
        const int Cap = 500;
        await using var api = await ApiHost.StartAsync(o =>
        {
            o.JsonRpcMaxConnections = Cap;
            o.JsonRpcRequestTimeoutSeconds = 3;
        });
        var sockets = new List<Socket>();
        var highest = 0;
        try
        {
            for (var i = 0; i < 3000; i++)
            {
                var socket = new Socket(api.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                sockets.Add(socket);
                try
                {
                    await socket.ConnectAsync(api.EndPoint);
                    if (i % 3 == 0)
                    {
                        await socket.SendAsync("{\"jsonrpc\":\"2.0\",\"method\":"u8.ToArray(), SocketFlags.None);
                    }
                }
                catch (SocketException)
                {
                    // The backlog is full while the server closes the extra connections: refused, as bounded.
                }

                highest = Math.Max(highest, api.Server.ActiveConnections);
            }

            Assert.True(highest <= Cap, $"{highest} connections held, cap {Cap}");
            // The idle ones time out although their clients keep them open; then everyone is served.
            Assert.True(await RawClient.WaitUntilAsync(() => api.Server.ActiveConnections == 0, RawClient.Deadline), $"{api.Server.ActiveConnections} still open");
            var answer = JsonNode.Parse(await RawClient.CallLikeJsonRpcTcpAsync(api.EndPoint, Counter))!;
            Assert.Equal(1, (int)answer["id"]!);
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task A_large_request_under_the_limit_and_a_large_batch_are_answered_in_full()
    {
        await using var api = await ApiHost.StartAsync(o => o.JsonRpcMaxRequestSizeKiB = 1024);
        var id = new string('i', 600 * 1024);
        var big = JsonNode.Parse(await RawClient.CallLikeNcAsync(api.EndPoint, $$"""{"jsonrpc":"2.0","method":"is_alive","id":"{{id}}"}"""))!;
        Assert.Equal(id, (string)big["id"]!);
        Assert.NotNull(big["result"]!["is_alive"]);

        var batch = "[" + string.Join(",", Enumerable.Range(1, 2000).Select(i => $$"""{"jsonrpc":"2.0","method":"get_request_counter","id":{{i}}}""")) + "]";
        var answers = JsonNode.Parse(await RawClient.CallLikeNcAsync(api.EndPoint, batch))!.AsArray();
        Assert.Equal(Enumerable.Range(1, 2000), answers.Select(a => (int)a!["id"]!));
    }

    [Fact]
    public async Task A_request_over_the_limit_is_answered_with_32002_when_the_client_waits_for_the_answer()
    {
        await using var api = await ApiHost.StartAsync(o => o.JsonRpcMaxRequestSizeKiB = 16);
        using var socket = new Socket(api.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var cts = new CancellationTokenSource(RawClient.Deadline);
        await socket.ConnectAsync(api.EndPoint, cts.Token);
        // 20 KiB: fits the socket buffers, so the server reads past its limit and answers before closing.
        var huge = $$"""{"jsonrpc":"2.0","method":"is_alive","id":"{{new string('x', 20 * 1024)}}"}""";
        await socket.SendAsync(Encoding.UTF8.GetBytes(huge), SocketFlags.None, cts.Token);
        var answer = JsonNode.Parse(await RawClient.ReadToCloseAsync(socket, cts.Token))!;
        Assert.Equal(-32002, (int)answer["error"]!["code"]!);
    }
}
