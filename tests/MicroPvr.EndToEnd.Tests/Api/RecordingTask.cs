using System.Text.Json.Nodes;

namespace MicroPvr.EndToEnd.Tests.Api;

/// <summary>
/// A recording task as the middleware creates it (compat spec §5 <c>create_new_task</c>): the
/// parameters the end-to-end tests vary, with the values most of them use. Without a start
/// timestamp the task starts 5 s in the past, so the daemon begins recording at once.
/// </summary>
internal sealed record RecordingTask(int ChannelId, string ChannelName, string RecordLocation, string StreamSource)
{
    public int Duration { get; init; } = 3600;

    /// <summary>compat spec §3: a periodic task starts its next run this many seconds after the last.</summary>
    public int? RepeatPeriod { get; init; }

    public int Lifetime { get; init; } = 86400;

    public long? StartTimestamp { get; init; }

    /// <summary>Creates the task on the daemon listening on <paramref name="rpcPort"/>; throws with the answer when it refuses.</summary>
    public async Task CreateAsync(int rpcPort)
    {
        var parameters = new JsonObject
        {
            ["channel_id"] = ChannelId,
            ["channel_name"] = ChannelName,
            ["duration"] = Duration,
            ["lifetime"] = Lifetime,
            ["start_timestamp"] = StartTimestamp ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 5,
            ["record_location"] = RecordLocation,
            ["stream_source"] = StreamSource,
        };
        if (RepeatPeriod is { } period)
        {
            parameters["repeat_period"] = period;
        }

        var answer = await MiddlewareClient.CallAsync(rpcPort, "create_new_task", parameters.ToJsonString());
        if (answer["error"] is not null)
        {
            throw new InvalidOperationException("create_new_task: " + answer.ToJsonString());
        }
    }
}
