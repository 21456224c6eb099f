using System.Text.Json.Nodes;

namespace MicroPvr.Control.Tests;

public class ControlArgumentsTests
{
    [Fact]
    public void Defaults_match_compat_spec_section_8()
    {
        var args = ControlArguments.Parse(["-f", "get_all"]);
        Assert.Equal("127.0.0.1", args.Host);
        Assert.Equal(4089, args.Port);
        Assert.False(args.Quiet || args.Json || args.AssumeYes);
        Assert.Equal("get_all", args.Function);
    }

    [Fact]
    public void Reads_every_flag()
    {
        var args = ControlArguments.Parse(["-H", "10.1.2.3", "-p", "5000", "-q", "-d", "-y", "-f", "cancel_task", "-a", "3", "/hdd/pvr", "-A", "x=1"]);
        Assert.Equal("10.1.2.3", args.Host);
        Assert.Equal(5000, args.Port);
        Assert.True(args.Quiet && args.Json && args.AssumeYes);
        Assert.Equal(["3", "/hdd/pvr"], args.Positional);
        Assert.Equal(1, (int)args.Named["x"]!);
    }

    [Fact]
    public void Named_values_are_json_when_they_parse_and_strings_otherwise()
    {
        var args = ControlArguments.Parse(["-f", "set_config", "-A", "config={\"log-verbose-level\":4}", "-A", "record_location=/hdd/pvr", "-A", "urgent=true", "-A", "name=\"42\""]);
        Assert.Equal(4, (int)args.Named["config"]!["log-verbose-level"]!);
        Assert.Equal("/hdd/pvr", (string)args.Named["record_location"]!);
        Assert.True((bool)args.Named["urgent"]!);
        Assert.Equal("42", (string)args.Named["name"]!);
    }

    [Theory]
    [InlineData("-p", "notaport")]
    [InlineData("-p", "70000")]
    [InlineData("-x")]
    [InlineData("-f")]
    [InlineData("-A", "novalue")]
    [InlineData("-a")]
    public void Bad_command_lines_are_refused(params string[] argv)
    {
        Assert.Throws<ControlException>(() => ControlArguments.Parse(argv));
    }

    [Fact]
    public void Positional_arguments_are_checked_per_function()
    {
        Assert.Throws<ControlException>(() => ControlCall.Build(ControlArguments.Parse(["-f", "cancel_task"])));
        Assert.Throws<ControlException>(() => ControlCall.Build(ControlArguments.Parse(["-f", "get_all", "-a", "three"])));
        Assert.Throws<ControlException>(() => ControlCall.Build(ControlArguments.Parse(["-f", "is_alive", "-a", "1"])));
        var call = ControlCall.Build(ControlArguments.Parse(["-f", "delete_records", "-a", "1500000000", "3"]));
        Assert.Equal("delete_records", call.Method);
        Assert.Equal(1500000000L, (long)call.Parameters["timestamp"]!);
        Assert.Equal(3L, (long)call.Parameters["channel_id"]!);
        Assert.NotNull(call.Question);
        Assert.Null(ControlCall.Build(ControlArguments.Parse(["-f", "get_records"])).Question);
        Assert.IsType<JsonObject>(call.Parameters);
    }
}
