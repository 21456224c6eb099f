using MicroPvr.Core.Tasks;

namespace MicroPvr.Core.Tests.Tasks;

public sealed class TaskRequestValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_valid_request_becomes_a_new_task_with_its_first_run()
    {
        var result = TaskRequestValidator.Validate(Request() with { Start = Now + TimeSpan.FromHours(1) }, Now);
        Assert.True(result.Succeeded);
        var task = result.Task!;
        Assert.Equal(RecordingTaskStatus.New, task.Status);
        Assert.Equal(Now + TimeSpan.FromHours(1), task.Start);
        Assert.Equal(Now + TimeSpan.FromHours(2), task.Stop);
        Assert.Equal(50, task.Priority);
    }

    [Fact]
    public void Default_start_is_now_plus_5_seconds()
    {
        var task = TaskRequestValidator.Validate(Request(), Now).Task!;
        Assert.Equal(Now + TimeSpan.FromSeconds(5), task.Start);
    }

    public static TheoryData<string, int> Invalid => new()
    {
        { "channel", 101 }, { "source", 101 }, { "relative-location", 101 }, { "duration", 101 },
        { "lifetime", 101 }, { "priority", 101 }, { "repeat", 140 }, { "past", 141 }, { "gap-hour", 101 },
        { "gap-period", 101 }, { "bad-url", 101 },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_requests_get_the_api_error_code(string what, int code)
    {
        var request = what switch
        {
            "channel" => Request() with { ChannelId = 0 },
            "source" => Request() with { StreamSource = " " },
            "bad-url" => Request() with { StreamSource = "not a url" },
            "relative-location" => Request() with { RecordLocation = "pvr" },
            "duration" => Request() with { Duration = TimeSpan.FromSeconds(119) },
            "lifetime" => Request() with { Lifetime = TimeSpan.FromSeconds(-1) },
            "priority" => Request() with { Priority = -1 },
            "repeat" => Request() with { RepeatPeriod = TimeSpan.FromMinutes(59) },
            "past" => Request() with { Start = Now - TimeSpan.FromHours(2) },
            "gap-hour" => Request() with { GapTimeHour = 24, RepeatPeriod = TimeSpan.FromHours(1) },
            "gap-period" => Request() with { GapTimeHour = 3, RepeatPeriod = TimeSpan.FromHours(2) },
            _ => throw new ArgumentOutOfRangeException(nameof(what)),
        };
        var result = TaskRequestValidator.Validate(request, Now);
        Assert.False(result.Succeeded);
        Assert.Equal(code, result.ErrorCode);
        Assert.False(string.IsNullOrEmpty(result.ErrorMessage));
    }

    [Fact]
    public void Duration_of_exactly_120_seconds_and_zero_lifetime_are_accepted()
    {
        var result = TaskRequestValidator.Validate(Request() with { Duration = TimeSpan.FromSeconds(120), Lifetime = TimeSpan.Zero, Priority = 0 }, Now);
        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Periodic_task_in_the_past_is_accepted_and_starts_now()
    {
        var result = TaskRequestValidator.Validate(Request() with { Start = Now - TimeSpan.FromDays(2.5), RepeatPeriod = TimeSpan.FromHours(1) }, Now);
        Assert.True(result.Succeeded);
        Assert.Equal(Now, result.Task!.Start);
        Assert.Equal(Now + TimeSpan.FromHours(1), result.Task.Stop);
    }

    [Fact]
    public void Add_task_with_gap_time_starts_now_until_the_gap_hour()
    {
        var request = Request() with { Duration = TimeSpan.FromDays(1), RepeatPeriod = TimeSpan.FromDays(1), GapTimeHour = 4 };
        var task = TaskRequestValidator.Validate(request, Now).Task!;
        Assert.Equal(Now, task.Start);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 4, 0, 0, TimeSpan.Zero), task.Stop);
        Assert.Equal(TimeSpan.FromDays(1), task.Duration);
    }

    [Theory]
    [InlineData("/var/pvr/", "/var/pvr")]
    [InlineData("/var/pvr", "/var/pvr")]
    [InlineData("/", "/")]
    public void Locations_compare_without_trailing_separator(string given, string normalized) =>
        Assert.Equal(normalized, TaskRequestValidator.NormalizeLocation(given));

    [Fact]
    public void Record_file_path_follows_compat_section_2()
    {
        var path = RecordFilePath.Build("/var/pvr", 3, DateTimeOffset.FromUnixTimeSeconds(1498201120), 77);
        Assert.Equal("/var/pvr/ch_3/c3_t1498201120_77.ts", path);
    }

    private static TaskRequest Request() => new()
    {
        ChannelId = 3,
        ChannelName = "News",
        StreamSource = "udp://@239.1.1.1:1234",
        Duration = TimeSpan.FromHours(1),
        Lifetime = TimeSpan.FromDays(7),
        RecordLocation = "/var/pvr",
    };
}
