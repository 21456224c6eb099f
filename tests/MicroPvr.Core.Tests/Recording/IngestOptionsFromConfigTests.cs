using MicroPvr.Core.Configuration;
using MicroPvr.Core.Recording;

namespace MicroPvr.Core.Tests.Recording;

/// <summary>The operator's ingest keys reach the engine (docs/configuration.md "Ingest").</summary>
public sealed class IngestOptionsFromConfigTests
{
    [Fact]
    public void Config_keys_set_the_silence_timeout_and_the_receive_buffer()
    {
        var load = ConfigLoader.Parse("""{ "source-silence-timeout": 12, "source-receive-buffer": 4096 }""", baseFolder: null, strict: true);

        Assert.Empty(load.Issues);
        var ingest = RecordingServiceCollectionExtensions.IngestOptionsFrom(load.Options);
        Assert.Equal(TimeSpan.FromSeconds(12), ingest.SilenceTimeout);
        Assert.Equal(4096 * 1024, ingest.ReceiveBufferBytes);
    }

    [Fact]
    public void Defaults_match_the_documented_values()
    {
        var ingest = RecordingServiceCollectionExtensions.IngestOptionsFrom(new MicroPvrOptions());

        Assert.Equal(TimeSpan.FromSeconds(5), ingest.SilenceTimeout);
        Assert.Equal(8192 * 1024, ingest.ReceiveBufferBytes);
    }

    [Theory]
    [InlineData("""{ "source-silence-timeout": 0 }""", "source-silence-timeout")]
    [InlineData("""{ "source-receive-buffer": 16 }""", "source-receive-buffer")]
    public void Check_config_reports_out_of_range_values_by_key(string json, string key)
    {
        var load = ConfigLoader.Parse(json, baseFolder: null, strict: true);

        Assert.Contains(load.Issues, issue => issue.Key == key);
    }
}
