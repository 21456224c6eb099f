using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace MicroPvr.Server.Tests.JsonRpc;

/// <summary>The TCP transport as the real clients use it (compat spec §5), with its limits.</summary>
public class JsonRpcTransportTests
{
    private const string IsAlive = """{"jsonrpc":"2.0","method":"get_request_counter","id":1}""";

    [Fact]
    public async Task Answers_the_middleware_client_with_no_terminator_and_no_half_close()
    {
        await using var api = await ApiHost.StartAsync();
        var answer = JsonNode.Parse(await RawClient.CallLikeJsonRpcTcpAsync(api.EndPoint, IsAlive))!;
        Assert.Equal(1, (int)answer["id"]!);
        Assert.Equal(0, (int)answer["result"]!["overall"]!);
    }

    [Fact]
    public async Task Answers_nc_with_a_newline_and_closes_after_the_answer()
    {
        await using var api = await ApiHost.StartAsync();
        var answer = JsonNode.Parse(await RawClient.CallLikeNcAsync(api.EndPoint, IsAlive))!;
        Assert.Equal("2.0", (string)answer["jsonrpc"]!);
        Assert.NotNull(answer["result"]);
    }

    [Fact]
    public async Task An_answer_of_exactly_1024_bytes_still_completes_because_the_server_closes()
    {
        await using var api = await ApiHost.StartAsync();
        // Pad the id until the answer is exactly 1024 bytes: jsonrpctcp then needs the close.
        var probe = await RawClient.CallLikeNcAsync(api.EndPoint, Request("x"));
        var id = new string('x', 1 + 1024 - Encoding.UTF8.GetByteCount(probe));
        var watch = Stopwatch.StartNew();
        var answer = await RawClient.CallLikeJsonRpcTcpAsync(api.EndPoint, Request(id));
        Assert.Equal(1024, Encoding.UTF8.GetByteCount(answer));
        Assert.Equal(id, (string)JsonNode.Parse(answer)!["id"]!);
        Assert.True(watch.Elapsed < RawClient.Deadline);

        static string Request(string id) => $$"""{"jsonrpc":"2.0","method":"get_request_counter","id":"{{id}}"}""";
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    [InlineData("\r\n  ")]
    public async Task Several_requests_in_a_row_on_one_connection_with_or_without_newlines(string separator)
    {
        await using var api = await ApiHost.StartAsync();
        var text = string.Join(separator, Enumerable.Range(1, 3).Select(i => $$"""{"jsonrpc":"2.0","method":"is_alive","id":{{i}}}"""));
        var answers = RawClient.ParseAll(await RawClient.CallLikeNcAsync(api.EndPoint, text));
        Assert.Equal([1, 2, 3], answers.Select(a => (int)a["id"]!));
        Assert.All(answers, a => Assert.True((bool)a["result"]!["is_alive"]!));
    }

    [Fact]
    public async Task A_request_split_across_segments_is_reassembled()
    {
        await using var api = await ApiHost.StartAsync();
        using var socket = new Socket(api.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var cts = new CancellationTokenSource(RawClient.Deadline);
        await socket.ConnectAsync(api.EndPoint, cts.Token);
        var bytes = Encoding.UTF8.GetBytes(IsAlive);
        foreach (var part in bytes.Chunk(5))
        {
            await socket.SendAsync(part, SocketFlags.None, cts.Token);
            await Task.Delay(5, cts.Token);
        }

        var answer = JsonNode.Parse(await RawClient.ReadToCloseAsync(socket, cts.Token))!;
        Assert.Equal(1, (int)answer["id"]!);
    }

    [Fact]
    public async Task Batch_answers_an_array_without_the_notifications()
    {
        await using var api = await ApiHost.StartAsync();
        var batch = """
            [{"jsonrpc":"2.0","method":"is_alive","id":"a"},
             {"jsonrpc":"2.0","method":"is_alive"},
             {"jsonrpc":"2.0","method":"no_such_method","id":"b"},
             42]
            """;
        var answer = JsonNode.Parse(await RawClient.CallLikeJsonRpcTcpAsync(api.EndPoint, batch))!.AsArray();
        Assert.Equal(3, answer.Count);
        Assert.Equal("a", (string)answer[0]!["id"]!);
        Assert.Equal(-32601, (int)answer[1]!["error"]!["code"]!);
        Assert.Equal(-32600, (int)answer[2]!["error"]!["code"]!);
    }

    [Fact]
    public async Task Notifications_get_no_answer_but_are_executed()
    {
        await using var api = await ApiHost.StartAsync();
        var text = """{"jsonrpc":"2.0","method":"cancel_task_by_id","params":{"task_id":7}}""" + "\n"
            + """[{"jsonrpc":"2.0","method":"cancel_task_by_id","params":{"task_id":8}}]""";
        var answer = await RawClient.CallLikeNcAsync(api.EndPoint, text);
        Assert.Equal("", answer);
        Assert.Equal([7L, 8L], api.Services.CancelByIdCalls);
    }

    [Theory]
    [InlineData("{\"jsonrpc\":\"2.0\",\"method\":}", -32700)]
    [InlineData("hello", -32700)]
    [InlineData("{]", -32700)]
    [InlineData("[]", -32600)]
    [InlineData("\"just a string\"", -32600)]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1}", -32600)]
    [InlineData("{\"jsonrpc\":\"2.0\",\"method\":5,\"id\":1}", -32600)]
    [InlineData("{\"jsonrpc\":\"1.0\",\"method\":\"is_alive\",\"id\":1}", -32600)]
    [InlineData("{\"jsonrpc\":\"2.0\",\"method\":\"is_alive\",\"params\":\"x\",\"id\":1}", -32600)]
    [InlineData("{\"jsonrpc\":\"2.0\",\"method\":\"is_alive\",\"id\":{}}", -32600)]
    [InlineData("{\"jsonrpc\":\"2.0\",\"method\":\"nope\",\"id\":1}", -32601)]
    public async Task Malformed_input_gets_the_standard_error(string input, int code)
    {
        await using var api = await ApiHost.StartAsync();
        var answer = JsonNode.Parse(await RawClient.CallLikeNcAsync(api.EndPoint, input))!;
        Assert.Equal(code, (int)answer["error"]!["code"]!);
        Assert.Equal("2.0", (string)answer["jsonrpc"]!);
    }

    [Fact]
    public async Task A_parse_error_does_not_stop_the_next_request_on_the_connection()
    {
        await using var api = await ApiHost.StartAsync();
        var answers = RawClient.ParseAll(await RawClient.CallLikeNcAsync(api.EndPoint, "{\"a\":}\n" + IsAlive));
        Assert.Equal(-32700, (int)answers[0]["error"]!["code"]!);
        Assert.Equal(1, (int)answers[1]["id"]!);
    }

    [Fact]
    public async Task A_request_over_the_size_limit_is_refused_and_the_connection_closed()
    {
        await using var api = await ApiHost.StartAsync(o => o.JsonRpcMaxRequestSizeKiB = 64);
        var huge = $$"""{"jsonrpc":"2.0","method":"is_alive","params":{"pad":"{{new string('x', 200 * 1024)}}"},"id":1}""";
        using var socket = new Socket(api.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var cts = new CancellationTokenSource(RawClient.Deadline);
        await socket.ConnectAsync(api.EndPoint, cts.Token);
        var sending = Task.Run(async () =>
        {
            try
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(huge), SocketFlags.None, cts.Token);
            }
            catch (SocketException)
            {
                // The server closed while we were still sending: expected.
            }
        });
        string answer;
        try
        {
            answer = await RawClient.ReadToCloseAsync(socket, cts.Token);
        }
        catch (SocketException)
        {
            answer = "";
        }

        await sending;
        if (answer.Length > 0)
        {
            Assert.Equal(-32002, (int)JsonNode.Parse(answer)!["error"]!["code"]!);
        }

        // Either way the server is still serving others.
        Assert.NotNull(JsonNode.Parse(await RawClient.CallLikeJsonRpcTcpAsync(api.EndPoint, IsAlive))!["result"]);
    }

    [Fact]
    public async Task A_slow_client_that_never_completes_its_json_is_answered_with_a_timeout_and_closed()
    {
        await using var api = await ApiHost.StartAsync(o => o.JsonRpcRequestTimeoutSeconds = 1);
        using var socket = new Socket(api.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var cts = new CancellationTokenSource(RawClient.Deadline);
        await socket.ConnectAsync(api.EndPoint, cts.Token);
        await socket.SendAsync("{\"jsonrpc\":\"2.0\","u8.ToArray(), SocketFlags.None, cts.Token);
        var answer = JsonNode.Parse(await RawClient.ReadToCloseAsync(socket, cts.Token))!;
        Assert.Equal(-32003, (int)answer["error"]!["code"]!);
    }

    [Fact]
    public async Task Many_idle_connections_do_not_block_another_client()
    {
        await using var api = await ApiHost.StartAsync(o => o.JsonRpcRequestTimeoutSeconds = 60);
        var idle = new List<Socket>();
        try
        {
            for (var i = 0; i < 200; i++)
            {
                var s = new Socket(api.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                await s.ConnectAsync(api.EndPoint);
                if (i % 2 == 0)
                {
                    await s.SendAsync("{\"jsonrpc\":"u8.ToArray(), SocketFlags.None);
                }

                idle.Add(s);
            }

            Assert.True(await RawClient.WaitUntilAsync(() => api.Server.ActiveConnections >= 200, RawClient.Deadline));
            for (var i = 0; i < 5; i++)
            {
                var answer = JsonNode.Parse(await RawClient.CallLikeJsonRpcTcpAsync(api.EndPoint, IsAlive))!;
                Assert.Equal(1, (int)answer["id"]!);
            }
        }
        finally
        {
            idle.ForEach(s => s.Dispose());
        }

        Assert.True(await RawClient.WaitUntilAsync(() => api.Server.ActiveConnections == 0, RawClient.Deadline));
    }

    [Fact]
    public async Task Connections_beyond_the_cap_are_closed_at_once()
    {
        await using var api = await ApiHost.StartAsync(o => o.JsonRpcMaxConnections = 2);
        using var a = new Socket(api.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var b = new Socket(api.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await a.ConnectAsync(api.EndPoint);
        await b.ConnectAsync(api.EndPoint);
        Assert.True(await RawClient.WaitUntilAsync(() => api.Server.ActiveConnections == 2, RawClient.Deadline));
        using var cts = new CancellationTokenSource(RawClient.Deadline);
        using var third = new Socket(api.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await third.ConnectAsync(api.EndPoint, cts.Token);
        string refused;
        try
        {
            refused = await RawClient.ReadToCloseAsync(third, cts.Token);
        }
        catch (SocketException)
        {
            refused = "";
        }

        Assert.Equal("", refused);
        a.Dispose();
        b.Dispose();
        Assert.True(await RawClient.WaitUntilAsync(() => api.Server.ActiveConnections == 0, RawClient.Deadline));
        Assert.NotNull(JsonNode.Parse(await RawClient.CallLikeJsonRpcTcpAsync(api.EndPoint, IsAlive))!["result"]);
    }

    [Fact]
    public async Task The_allow_list_refuses_other_addresses_and_admits_listed_ones()
    {
        await using var api = await ApiHost.StartAsync(o => o.JsonRpcAllow = ["10.0.0.0/8"]);
        using var cts = new CancellationTokenSource(RawClient.Deadline);
        using var socket = new Socket(api.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(api.EndPoint, cts.Token);
        string answer;
        try
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(IsAlive), SocketFlags.None, cts.Token);
            answer = await RawClient.ReadToCloseAsync(socket, cts.Token);
        }
        catch (SocketException)
        {
            answer = "";
        }

        Assert.Equal("", answer);

        api.Services.SetOptions(o => o.JsonRpcAllow = ["10.0.0.0/8", "127.0.0.1"]);
        Assert.NotNull(JsonNode.Parse(await RawClient.CallLikeJsonRpcTcpAsync(api.EndPoint, IsAlive))!["result"]);
    }

    [Fact]
    public async Task With_a_token_configured_requests_must_carry_it()
    {
        await using var api = await ApiHost.StartAsync(o => o.JsonRpcToken = "s3cret");
        var refused = JsonNode.Parse(await RawClient.CallLikeJsonRpcTcpAsync(api.EndPoint, IsAlive))!;
        Assert.Equal(-32001, (int)refused["error"]!["code"]!);
        var wrong = JsonNode.Parse(await RawClient.CallLikeJsonRpcTcpAsync(api.EndPoint, """{"jsonrpc":"2.0","method":"is_alive","token":"nope","id":2}"""))!;
        Assert.Equal(-32001, (int)wrong["error"]!["code"]!);
        var admitted = JsonNode.Parse(await RawClient.CallLikeJsonRpcTcpAsync(api.EndPoint, """{"jsonrpc":"2.0","method":"is_alive","token":"s3cret","id":3}"""))!;
        Assert.True((bool)admitted["result"]!["is_alive"]!);
    }

    [Fact]
    public async Task Concurrent_clients_are_all_answered()
    {
        await using var api = await ApiHost.StartAsync();
        var calls = Enumerable.Range(0, 50).Select(i =>
            RawClient.CallLikeJsonRpcTcpAsync(api.EndPoint, $$"""{"jsonrpc":"2.0","method":"is_alive","id":{{i}}}"""));
        var answers = await Task.WhenAll(calls);
        Assert.Equal(Enumerable.Range(0, 50), answers.Select(a => (int)JsonNode.Parse(a)!["id"]!).Order());
    }

    [Fact]
    public async Task A_disabled_api_does_not_listen()
    {
        await using var api = await ApiHost.StartAsync(o => o.JsonRpcEnabled = false);
        Assert.Null(api.Server.LocalEndPoint);
    }
}
