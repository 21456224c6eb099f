using System.Text.Json.Nodes;
using MicroPvr.EndToEnd.Tests.Api;
using MicroPvr.TestKit;

namespace MicroPvr.EndToEnd.Tests.Faults;

/// <summary>Tasks of a running daemon through its JSON-RPC API (compat spec §5), as the middleware drives them.</summary>
internal static class DaemonTasks
{
    public static async Task CreateAsync(DaemonProcess daemon, int channelId, string location, string source)
    {
        await new RecordingTask(channelId, "Fault test", location, source).CreateAsync(daemon.RpcPort);
    }

    /// <summary>The status (compat spec §3 numbering: NEW=0, POSTPONED=1, STARTED=3) of the task recording into <paramref name="location"/>.</summary>
    public static async Task<int?> StatusAsync(DaemonProcess daemon, string location)
    {
        var tasks = (await MiddlewareClient.CallAsync(daemon.RpcPort, "get_tasks_list"))["result"]!.AsArray();
        foreach (var task in tasks)
        {
            if ((string?)task!["path"] == location)
            {
                return (int)task["status"]!;
            }
        }

        return null;
    }

    public static async Task CancelAsync(DaemonProcess daemon, int channelId, string location)
    {
        var parameters = new JsonObject { ["channel_id"] = channelId, ["record_location"] = location };
        var answer = await MiddlewareClient.CallAsync(daemon.RpcPort, "cancel_task", parameters.ToJsonString());
        Assert.True(answer["error"] is null, answer.ToJsonString());
    }

    /// <summary>Polls an asynchronous condition until it holds or the deadline passes.</summary>
    public static async Task<bool> WaitAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(250);
        }

        return await condition();
    }

    /// <summary>How many log lines carry the code (the main log's "(NNNN)" marker, compat spec §7).</summary>
    public static int CountCode(string output, int code, string? mentioning = null)
    {
        var marker = $"({code})";
        var count = 0;
        foreach (var line in output.Split('\n'))
        {
            if (line.Contains(marker, StringComparison.Ordinal) && (mentioning is null || line.Contains(mentioning, StringComparison.Ordinal)))
            {
                count++;
            }
        }

        return count;
    }
}
