using System.Text.Json.Nodes;
using MicroPvr.Core.Catalog;
using MicroPvr.Core.Recording;

namespace MicroPvr.Server.Tests.JsonRpc;

/// <summary>Every method of compat spec §5 and ours, with its documented error codes, over raw TCP as the middleware calls.</summary>
public class JsonRpcMethodTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(1498201120);

    private static async Task<JsonNode> CallAsync(ApiHost api, string method, string? parameters = null)
    {
        var request = parameters is null
            ? $$"""{"jsonrpc":"2.0","method":"{{method}}","id":1}"""
            : $$"""{"jsonrpc":"2.0","method":"{{method}}","params":{{parameters}},"id":1}""";
        return JsonNode.Parse(await RawClient.CallLikeJsonRpcTcpAsync(api.EndPoint, request))!;
    }

    private static int? ErrorCode(JsonNode answer) => (int?)answer["error"]?["code"];

    private const string Task = """{"channel_id":3,"channel_name":"News","duration":3600,"lifetime":86400,"record_location":"/hdd/pvr","stream_source":"udp://@239.1.1.1:1234"}""";

    private static string TaskWith(string extra) => Task[..^1] + "," + extra + "}";

    [Fact]
    public async Task Create_new_task_answers_ok_and_the_task_appears_in_get_tasks_list()
    {
        await using var api = await ApiHost.StartAsync();
        Assert.Equal("ok", (string)(await CallAsync(api, "create_new_task", TaskWith("\"repeat_period\":0,\"priority\":10")))["result"]!);
        var request = Assert.Single(api.Services.TaskRequests);
        Assert.Null(request.RepeatPeriod);
        Assert.Null(request.Start);
        Assert.Equal(10, request.Priority);

        var tasks = (await CallAsync(api, "get_tasks_list"))["result"]!.AsArray();
        var task = Assert.Single(tasks)!.AsObject();
        Assert.Equal(
            ["task-id", "channel-id", "channel-name", "stream-source", "path", "start-time", "stop-time", "expected-duration", "repeat-period", "lifetime", "status", "number-of-records", "priority"],
            task.Select(m => m.Key));
        Assert.Equal(3, (int)task["channel-id"]!);
        Assert.Equal(3600, (long)task["expected-duration"]!);
        Assert.Equal(0, (int)task["status"]!);
        Assert.Equal(1, (int)task["number-of-records"]!);
    }

    [Theory]
    [InlineData(null, 100)]
    [InlineData("{}", 100)]
    [InlineData("[3,3600]", 101)]
    [InlineData("""{"channel_id":3}""", 101)]
    [InlineData("""{"channel_id":"abc","duration":3600,"lifetime":0,"record_location":"/x","stream_source":"udp://@239.1.1.1:1"}""", 101)]
    [InlineData("""{"channel_id":0,"duration":3600,"lifetime":0,"record_location":"/x","stream_source":"udp://@239.1.1.1:1"}""", 101)]
    [InlineData("""{"channel_id":3,"duration":60,"lifetime":0,"record_location":"/x","stream_source":"udp://@239.1.1.1:1"}""", 101)]
    [InlineData("""{"channel_id":3,"duration":3600,"lifetime":-1,"record_location":"/x","stream_source":"udp://@239.1.1.1:1"}""", 101)]
    [InlineData("""{"channel_id":3,"duration":3600,"lifetime":0,"record_location":"relative/dir","stream_source":"udp://@239.1.1.1:1"}""", 101)]
    [InlineData("""{"channel_id":3,"duration":3600,"lifetime":0,"record_location":"/x","stream_source":5}""", 101)]
    [InlineData("""{"channel_id":3,"duration":3600,"lifetime":0,"record_location":"/x","stream_source":"udp://@239.1.1.1:1","repeat_period":1800}""", 140)]
    [InlineData("""{"channel_id":3,"duration":3600,"lifetime":0,"record_location":"/x","stream_source":"udp://@239.1.1.1:1","start_timestamp":1000000000}""", 141)]
    public async Task Create_new_task_errors(string? parameters, int code)
    {
        await using var api = await ApiHost.StartAsync();
        Assert.Equal(code, ErrorCode(await CallAsync(api, "create_new_task", parameters)));
        Assert.Empty(api.Services.TaskRequests);
    }

    [Fact]
    public async Task Refusals_of_the_task_manager_keep_their_code_and_numeric_strings_are_accepted()
    {
        await using var api = await ApiHost.StartAsync();
        var lenient = """{"channel_id":"3","duration":"3600","lifetime":0,"record_location":"/hdd/pvr","stream_source":"udp://@239.1.1.1:1234","start_timestamp":4102444800.75}""";
        Assert.Equal("ok", (string)(await CallAsync(api, "create_new_task", lenient))["result"]!);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(4102444800), api.Services.TaskRequests[0].Start);
        Assert.Equal(101, ErrorCode(await CallAsync(api, "create_new_task", Task)));
    }

    [Fact]
    public async Task Create_task_returns_the_new_task_with_its_id()
    {
        await using var api = await ApiHost.StartAsync();
        var result = (await CallAsync(api, "create_task", TaskWith("\"repeat_period\":3600")))["result"]!;
        Assert.Equal(1, (long)result["task-id"]!);
        Assert.Equal(3600, (long)result["repeat-period"]!);
    }

    [Fact]
    public async Task Add_task_answers_ok_or_failed_and_passes_gap_time()
    {
        await using var api = await ApiHost.StartAsync();
        var legacy = """{"channel_id":4,"duration":86400,"lifetime":604800,"gap_time":3,"record_location":"/hdd/pvr","priority":50,"repeat_period":86400,"stream_source":"udp://@239.1.1.4:1234"}""";
        Assert.Equal("ok", (string)(await CallAsync(api, "add_task", legacy))["result"]!);
        Assert.Equal(3, api.Services.TaskRequests[0].GapTimeHour);
        Assert.Equal(TimeSpan.FromDays(1), api.Services.TaskRequests[0].RepeatPeriod);
        Assert.Equal("failed", (string)(await CallAsync(api, "add_task", legacy.Replace("\"repeat_period\":86400", "\"repeat_period\":3600")))["result"]!);
        Assert.Equal("failed", (string)(await CallAsync(api, "add_task"))["result"]!);
        Assert.Equal("failed", (string)(await CallAsync(api, "add_task", legacy.Replace("\"gap_time\":3", "\"gap_time\":24")))["result"]!);
    }

    [Fact]
    public async Task Add_urgent_task_needs_a_start_not_in_the_past()
    {
        await using var api = await ApiHost.StartAsync();
        var future = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        Assert.Equal("failed", (string)(await CallAsync(api, "add_urgent_task", Task))["result"]!);
        Assert.Equal("failed", (string)(await CallAsync(api, "add_urgent_task", TaskWith("\"start_timestamp\":1000000000,\"repeat_period\":3600")))["result"]!);
        Assert.Equal("ok", (string)(await CallAsync(api, "add_urgent_task", TaskWith($"\"start_timestamp\":{future}")))["result"]!);
        Assert.True(Assert.Single(api.Services.TaskRequests).Urgent);
    }

    [Fact]
    public async Task Cancel_task_is_always_ok_and_ignored_when_params_are_empty()
    {
        await using var api = await ApiHost.StartAsync();
        Assert.Equal("ok", (string)(await CallAsync(api, "cancel_task"))["result"]!);
        Assert.Equal("ok", (string)(await CallAsync(api, "cancel_task", """{"channel_id":"","record_location":""}"""))["result"]!);
        Assert.Empty(api.Services.CancelCalls);
        Assert.Equal("ok", (string)(await CallAsync(api, "cancel_task", """{"channel_id":3,"record_location":"/hdd/pvr"}"""))["result"]!);
        Assert.Equal("ok", (string)(await CallAsync(api, "cancel_task", """{"channel_id":3}"""))["result"]!);
        Assert.Equal([(3, (string?)"/hdd/pvr"), (3, null)], api.Services.CancelCalls);
    }

    [Fact]
    public async Task Cancel_task_by_id()
    {
        await using var api = await ApiHost.StartAsync();
        Assert.Equal("ok", (string)(await CallAsync(api, "cancel_task_by_id", """{"task_id":12}"""))["result"]!);
        Assert.Equal([12L], api.Services.CancelByIdCalls);
        Assert.Equal(100, ErrorCode(await CallAsync(api, "cancel_task_by_id")));
        Assert.Equal(101, ErrorCode(await CallAsync(api, "cancel_task_by_id", """{"task_id":0}""")));
        Assert.Equal(101, ErrorCode(await CallAsync(api, "cancel_task_by_id", """{"task_id":"x"}""")));
    }

    private static async Task<RecordFile> AddRecordAsync(ApiHost api, int channel = 3, int priority = 50, long offsetSeconds = 0, long lengthSeconds = 3600)
    {
        return await api.Services.AddRecordAsync(new RecordFile
        {
            TaskId = 1,
            ChannelId = channel,
            Path = $"/hdd/pvr/ch_{channel}/c{channel}_t{Start.ToUnixTimeSeconds() + offsetSeconds}_1.ts",
            RecordLocation = "/hdd/pvr",
            Priority = priority,
            Start = Start.AddSeconds(offsetSeconds),
            Stop = Start.AddSeconds(offsetSeconds + lengthSeconds),
        });
    }

    [Fact]
    public async Task Get_file_and_offset_returns_the_offset_as_a_string_and_marks_the_record_read()
    {
        await using var api = await ApiHost.StartAsync();
        var record = await AddRecordAsync(api);
        var at = Start.ToUnixTimeSeconds() + 101;
        var result = (await CallAsync(api, "get_file_and_offset", $$"""{"channel_id":3,"timestamp":{{at}},"aid":"sub-1"}"""))["result"]!;
        Assert.Equal("100000", (string)result["offset"]!);
        Assert.Equal(record.Path, (string)result["file"]!);
        Assert.Equal(at - 1, (long)result["timestamp"]!);
        Assert.NotNull((await api.Services.Catalog.GetRecordAsync(record.Id))!.LastReadAt);
        var request = Assert.Single(api.Services.Requests);
        Assert.Equal((3, "sub-1", true, false), request);
    }

    [Fact]
    public async Task Get_file_and_offset_renews_a_read_mark_only_once_it_is_a_minute_old()
    {
        await using var api = await ApiHost.StartAsync();
        var record = await AddRecordAsync(api);
        var old = DateTimeOffset.UtcNow.AddMinutes(-2);
        await api.Services.Catalog.MarkRecordReadAsync(record.Id, old);
        var call = $$"""{"channel_id":3,"timestamp":{{Start.ToUnixTimeSeconds() + 101}}}""";

        await CallAsync(api, "get_file_and_offset", call);
        var renewed = (await api.Services.Catalog.GetRecordAsync(record.Id))!.LastReadAt;
        Assert.NotNull(renewed);
        Assert.True(renewed > old.AddMinutes(1));

        // Read again a moment later: the fresh mark stands (no catalog write per seek).
        await System.Threading.Tasks.Task.Delay(20);
        await CallAsync(api, "get_file_and_offset", call);
        Assert.Equal(renewed, (await api.Services.Catalog.GetRecordAsync(record.Id))!.LastReadAt);
    }

    [Theory]
    [InlineData(null, 100)]
    [InlineData("""{"channel_id":3}""", 101)]
    [InlineData("""{"channel_id":3,"timestamp":"soon"}""", 101)]
    [InlineData("""{"channel_id":3,"timestamp":1}""", 200)]
    [InlineData("""{"channel_id":99,"timestamp":1498201200}""", 200)]
    public async Task Get_file_and_offset_errors(string? parameters, int code)
    {
        await using var api = await ApiHost.StartAsync();
        await AddRecordAsync(api);
        Assert.Equal(code, ErrorCode(await CallAsync(api, "get_file_and_offset", parameters)));
    }

    [Fact]
    public async Task Get_file_offset_uses_the_non_standard_flat_shape()
    {
        await using var api = await ApiHost.StartAsync();
        var record = await AddRecordAsync(api);
        var ok = (await CallAsync(api, "get_file_offset", $$"""{"channel_id":3,"timestamp":{{Start.ToUnixTimeSeconds() + 10}}}""")).AsObject();
        Assert.Equal(["jsonrpc", "result", "offset", "file", "timestamp", "id"], ok.Select(m => m.Key));
        Assert.Equal("ok", (string)ok["result"]!);
        Assert.Equal("10000", (string)ok["offset"]!);
        Assert.Equal(record.Path, (string)ok["file"]!);

        var failed = await CallAsync(api, "get_file_offset", """{"channel_id":3,"timestamp":5}""");
        Assert.Equal("failed", (string)failed["result"]!);
        Assert.Equal("-1", (string)failed["offset"]!);
        Assert.Null(failed["error"]);
    }

    [Fact]
    public async Task Get_config_and_set_config()
    {
        await using var api = await ApiHost.StartAsync();
        var config = (await CallAsync(api, "get_config"))["result"]!.AsObject();
        Assert.Equal(4089, (int)JsonNode.Parse("{\"v\":4089}")!["v"]!);
        Assert.True(config.ContainsKey("json-rpc-listen-port"));
        config["log-verbose-level"] = 5;
        Assert.Equal("ok", (string)(await CallAsync(api, "set_config", $$"""{"config":{{config.ToJsonString()}}}"""))["result"]!);
        Assert.Equal(5, api.Services.Current.LogVerboseLevel);

        Assert.Equal(100, ErrorCode(await CallAsync(api, "set_config")));
        Assert.Equal(101, ErrorCode(await CallAsync(api, "set_config", """{"config":"log-verbose-level=5"}""")));
        foreach (var code in new[] { 101, 220, 221, 222, 223 })
        {
            api.Services.NextSetConfigCode = code;
            Assert.Equal(code, ErrorCode(await CallAsync(api, "set_config", """{"config":{}}""")));
        }
    }

    [Fact]
    public async Task Get_records_and_its_alias_answer_the_same()
    {
        await using var api = await ApiHost.StartAsync();
        await AddRecordAsync(api, channel: 3);
        await AddRecordAsync(api, channel: 4);
        var all = (await CallAsync(api, "get_records"))["result"]!.AsArray();
        Assert.Equal(2, all.Count);
        var one = (await CallAsync(api, "get_records_list", """{"channel_id":4}"""))["result"]!.AsArray();
        var record = Assert.Single(one)!.AsObject();
        Assert.Equal(["id", "channel-id", "channel-name", "record-name", "start-time", "stop-time"], record.Select(m => m.Key).Take(6));
        Assert.Equal("c4_t1498201120_1.ts", (string)record["record-name"]!);
        Assert.Equal(Start.ToUnixTimeSeconds() + 3600, (long)record["stop-time"]!);
        Assert.False((bool)record["locked"]!);
        Assert.Equal(101, ErrorCode(await CallAsync(api, "get_records", """{"channel_id":"x"}""")));

        // "locked": the file overlaps a range of its channel protected by lock_range.
        await CallAsync(api, "lock_range", $$"""{"channel_id":4,"from":{{Start.ToUnixTimeSeconds() + 3599}},"to":{{Start.ToUnixTimeSeconds() + 7200}}}""");
        var locked = (await CallAsync(api, "get_records"))["result"]!.AsArray();
        Assert.Equal([false, true], locked.Select(r => (bool)r!["locked"]!));
    }

    [Fact]
    public async Task Monitoring_methods_have_the_original_shapes()
    {
        await using var api = await ApiHost.StartAsync();
        await CallAsync(api, "create_new_task", Task);
        await CallAsync(api, "create_new_task", Task.Replace("/hdd/pvr", "/ssd/pvr").Replace("239.1.1.1", "239.1.1.2"));
        await AddRecordAsync(api);
        await CallAsync(api, "get_file_and_offset", $$"""{"channel_id":3,"timestamp":{{Start.ToUnixTimeSeconds() + 5}},"aid":"a"}""");
        await CallAsync(api, "get_file_and_offset", $$"""{"channel_id":3,"timestamp":{{Start.ToUnixTimeSeconds() + 5}},"aid":"b"}""");

        var alive = (await CallAsync(api, "is_alive"))["result"]!;
        Assert.True((bool)alive["is_alive"]!);
        Assert.Equal(1.25, (double)alive["score"]!);
        Assert.Equal(2, (int)alive["session_count"]!);

        var counter = (await CallAsync(api, "get_request_counter"))["result"]!;
        Assert.Equal((2, 0, 2), ((int)counter["overall"]!, (int)counter["near_end"]!, (int)counter["successful"]!));

        var channel = Assert.Single((await CallAsync(api, "get_channel_list"))["result"]!.AsArray())!;
        Assert.Equal(3, (int)channel["channel_id"]!);
        Assert.Equal(["News"], channel["channel_names"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(["udp://@239.1.1.1:1234", "udp://@239.1.1.2:1234"], channel["channel_sources"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(2, (int)channel["channel_counter"]!);
    }

    [Fact]
    public async Task Control_methods_get_all_and_deletions()
    {
        await using var api = await ApiHost.StartAsync();
        await CallAsync(api, "create_new_task", Task);
        var all = (await CallAsync(api, "get_all", """{"channel_id":3}"""))["result"]!;
        Assert.Single(all["tasks"]!.AsArray());
        Assert.Empty((await CallAsync(api, "get_all", """{"channel_id":4}"""))["result"]!["tasks"]!.AsArray());
        var mount = Assert.Single(all["mount_points"]!.AsArray())!;
        Assert.Equal(29520, (long)mount["available"]!);

        await AddRecordAsync(api);
        Assert.Equal(1, (int)(await CallAsync(api, "delete_records", """{"timestamp":1498201120,"channel_id":3}"""))["result"]!["deleted"]!);
        Assert.Equal(3, (int)(await CallAsync(api, "delete_records_days", """{"ndays":3}"""))["result"]!["deleted"]!);
        Assert.Equal(-32602, ErrorCode(await CallAsync(api, "delete_records", """{"timestamp":"yesterday"}""")));
        Assert.Equal(-32602, ErrorCode(await CallAsync(api, "delete_records_days")));
        Assert.Equal(-32602, ErrorCode(await CallAsync(api, "delete_records_days", """{"ndays":0}""")));
        Assert.Equal(-32602, ErrorCode(await CallAsync(api, "get_all", "[3]")));
    }

    [Fact]
    public async Task Get_recording_status_shows_ranges_and_gaps()
    {
        await using var api = await ApiHost.StartAsync();
        await AddRecordAsync(api, offsetSeconds: 0, lengthSeconds: 3600);
        await AddRecordAsync(api, priority: 10, offsetSeconds: 3520, lengthSeconds: 3680);
        await AddRecordAsync(api, offsetSeconds: 9000, lengthSeconds: 1000);
        var t0 = Start.ToUnixTimeSeconds();
        var status = Assert.Single((await CallAsync(api, "get_recording_status", $$"""{"channel_id":3,"from":{{t0 - 100}},"to":{{t0 + 12000}}}"""))["result"]!.AsArray())!;
        Assert.Equal([(t0, t0 + 7200), (t0 + 9000, t0 + 10000)], Pairs(status["ranges"]!));
        Assert.Equal([(t0 - 100, t0), (t0 + 7200, t0 + 9000), (t0 + 10000, t0 + 12000)], Pairs(status["gaps"]!));
        Assert.Equal(-32602, ErrorCode(await CallAsync(api, "get_recording_status", $$"""{"from":{{t0}},"to":{{t0 - 1}}}""")));

        static List<(long, long)> Pairs(JsonNode array) => [.. array.AsArray().Select(r => ((long)r!["from"]!, (long)r["to"]!))];
    }

    [Fact]
    public async Task Get_recording_status_shows_a_gap_the_recorder_marked_inside_one_file()
    {
        await using var api = await ApiHost.StartAsync();
        using var dir = new MicroPvr.TestKit.TempDirectory("micropvr-api-gap");
        var t0 = Start.ToUnixTimeSeconds();
        var path = dir.Combine($"c3_t{t0}_1.ts");
        // One keyframe a second; the source fell silent for 5 minutes after 100 s.
        using (var writer = KeyframeIndexWriter.Open(KeyframeIndexFormat.IndexPathFor(path)))
        {
            for (var k = 0; k < 600; k++)
            {
                var ms = (t0 * 1000) + (k * 1000L) + (k >= 100 ? 300_000 : 0);
                writer.Append(new IndexEntry(ms, k * 18800L, -1, k == 100 ? IndexEntryFlags.Gap : IndexEntryFlags.None));
            }

            writer.Flush();
        }

        await api.Services.AddRecordAsync(new RecordFile
        {
            TaskId = 1, ChannelId = 3, Path = path, RecordLocation = dir.Path, Start = Start, Stop = Start.AddSeconds(900),
        });

        var status = Assert.Single((await CallAsync(api, "get_recording_status", """{"channel_id":3}"""))["result"]!.AsArray())!;
        Assert.Equal(t0, (long)status["from"]!);
        Assert.Equal([(t0, t0 + 100), (t0 + 400, t0 + 900)], Pairs(status["ranges"]!));
        Assert.Equal((t0 + 100, t0 + 400), Pairs(status["gaps"]!)[0]);

        static List<(long, long)> Pairs(JsonNode array) => [.. array.AsArray().Select(r => ((long)r!["from"]!, (long)r["to"]!))];
    }

    [Fact]
    public async Task Lock_range_get_locks_and_unlock_range_with_their_errors()
    {
        await using var api = await ApiHost.StartAsync();
        var t0 = Start.ToUnixTimeSeconds();
        var first = (await CallAsync(api, "lock_range", $$"""{"channel_id":3,"from":{{t0}},"to":{{t0 + 3600}},"comment":"final"}"""))["result"]!;
        Assert.Equal((3, t0, t0 + 3600, "final"), ((int)first["channel_id"]!, (long)first["from"]!, (long)first["to"]!, (string)first["comment"]!));
        Assert.True((long)first["id"]! > 0);
        Assert.True((long)first["created"]! > t0);
        // Lenient inputs as everywhere: numeric strings and fractional unix times.
        var second = (await CallAsync(api, "lock_range", $$"""{"channel_id":"4","from":{{t0}}.5,"to":"{{t0 + 60}}"}"""))["result"]!;
        Assert.Equal("", (string)second["comment"]!);

        Assert.Equal(2, (await CallAsync(api, "get_locks"))["result"]!.AsArray().Count);
        var only3 = Assert.Single((await CallAsync(api, "get_locks", """{"channel_id":3}"""))["result"]!.AsArray())!;
        Assert.Equal((long)first["id"]!, (long)only3["id"]!);

        foreach (var bad in new[]
        {
            "", "{}", "[3, 1, 2]", $$"""{"channel_id":3,"from":{{t0}}}""", $$"""{"channel_id":3,"from":{{t0}},"to":{{t0}}}""",
            $$"""{"channel_id":0,"from":{{t0}},"to":{{t0 + 1}}}""", $$"""{"channel_id":3,"from":"noon","to":{{t0 + 1}}}""",
            $$"""{"channel_id":3,"from":{{t0}},"to":{{t0 + 1}},"comment":"{{new string('x', 1025)}}"}""",
        })
        {
            Assert.Equal(-32602, ErrorCode(await CallAsync(api, "lock_range", bad.Length == 0 ? null : bad)));
        }

        // Unlock the middle of channel 3's lock: split in two.
        var split = (await CallAsync(api, "unlock_range", $$"""{"channel_id":3,"from":{{t0 + 600}},"to":{{t0 + 1200}}}"""))["result"]!;
        Assert.Equal((0, 0, 1), ((int)split["removed"]!, (int)split["trimmed"]!, (int)split["split"]!));
        var halves = (await CallAsync(api, "get_locks", """{"channel_id":3}"""))["result"]!.AsArray();
        Assert.Equal([(t0, t0 + 600), (t0 + 1200, t0 + 3600)], halves.Select(l => ((long)l!["from"]!, (long)l["to"]!)));

        Assert.Equal(1, (int)(await CallAsync(api, "unlock_range", $$"""{"id":{{(long)second["id"]!}}}"""))["result"]!["removed"]!);
        Assert.Equal(0, (int)(await CallAsync(api, "unlock_range", $$"""{"id":{{(long)second["id"]!}}}"""))["result"]!["removed"]!);
        foreach (var bad in new[]
        {
            "", "{}", """{"id":0}""", $$"""{"id":1,"channel_id":3,"from":{{t0}},"to":{{t0 + 1}}}""", """{"channel_id":3}""",
            $$"""{"channel_id":3,"from":{{t0 + 1}},"to":{{t0}}}""", """{"id":"one"}""",
        })
        {
            Assert.Equal(-32602, ErrorCode(await CallAsync(api, "unlock_range", bad.Length == 0 ? null : bad)));
        }

        Assert.Equal(-32602, ErrorCode(await CallAsync(api, "get_locks", """{"channel_id":"x"}""")));
        Assert.Equal(2, (await CallAsync(api, "get_locks"))["result"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_service_that_is_not_running_gives_a_clear_error_not_a_crash()
    {
        await using var api = await ApiHost.StartAsync(registerServices: false);
        foreach (var method in new[] { "get_tasks_list", "is_alive", "get_request_counter", "get_records", "get_all" })
        {
            var answer = await CallAsync(api, method);
            Assert.Equal(-32000, ErrorCode(answer));
            Assert.Contains("not running", (string)answer["error"]!["message"]!);
        }

        Assert.NotNull((await CallAsync(api, "get_config"))["result"]);
    }

    [Fact]
    public async Task Get_playlist_name_answers_the_name_or_the_documented_errors()
    {
        await using var api = await ApiHost.StartAsync();
        await AddRecordAsync(api);
        var t0 = Start.ToUnixTimeSeconds();
        var name = await CallAsync(api, "get_playlist_name", $$"""{"channel_id":3,"start_timestamp":{{t0 + 60}},"end_timestamp":{{t0 + 1800}},"aid":"x"}""");
        Assert.Equal($"F6D124FC/pl_c3_{t0 + 60}_{t0 + 1800}.m3u8", (string)name["result"]!);
        Assert.Equal(100, ErrorCode(await CallAsync(api, "get_playlist_name")));
        Assert.Equal(101, ErrorCode(await CallAsync(api, "get_playlist_name", $$"""{"channel_id":3,"start_timestamp":{{t0}}}""")));
        Assert.Equal(101, ErrorCode(await CallAsync(api, "get_playlist_name", $$"""{"channel_id":3,"start_timestamp":{{t0}},"end_timestamp":{{t0}}}""")));
        Assert.Equal(101, ErrorCode(await CallAsync(api, "get_playlist_name", $$"""{"channel_id":3,"start_timestamp":{{t0}},"end_timestamp":{{t0 + 60}},"playlist_type":"XYZ"}""")));
        var rmpd = await CallAsync(api, "get_playlist_name", $$"""{"channel_id":3,"start_timestamp":{{t0}},"end_timestamp":{{t0 + 60}},"playlist_type":"RMPD"}""");
        Assert.Equal(200, ErrorCode(rmpd));
        Assert.Equal("Not supported: playlist_type RMPD", (string)rmpd["error"]!["message"]!);
        Assert.Equal(101, ErrorCode(await CallAsync(api, "get_playlist_name", $$"""{"channel_id":3,"start_timestamp":{{t0 + 60}},"end_timestamp":{{t0}}}""")));
        Assert.Equal(200, ErrorCode(await CallAsync(api, "get_playlist_name", $$"""{"channel_id":4,"start_timestamp":{{t0}},"end_timestamp":{{t0 + 60}}}""")));
        Assert.Equal(200, ErrorCode(await CallAsync(api, "get_playlist_name", """{"channel_id":3,"start_timestamp":100,"end_timestamp":200}""")));
    }
}
