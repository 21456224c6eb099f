using MicroPvr.Server.Monitoring;
using MicroPvr.TestKit;

namespace MicroPvr.Server.Tests.Monitoring;

public sealed class PrometheusTextWriterTests
{
    [Fact]
    public void Families_samples_and_escaping_follow_the_text_format()
    {
        var w = new PrometheusTextWriter();
        w.Family("x_bytes_total", MetricType.Counter, "Bytes with a \\ backslash\nand a newline.");
        w.Sample(42L, ("channel_id", "3"), ("source", "udp://@239.1.1.1:1234?a=\"b\"\\c\nd"));
        w.Sample(7L);
        w.Family("x_ratio", MetricType.Gauge, "A \"quoted\" ratio.");
        w.Sample(0.25);
        w.Sample(double.NaN, ("k", "nan"));
        w.Sample(double.PositiveInfinity, ("k", "inf"));
        w.Sample(double.NegativeInfinity, ("k", "-inf"));
        w.Sample(1e21, ("k", "big"));

        const string expected = """
            # HELP x_bytes_total Bytes with a \\ backslash\nand a newline.
            # TYPE x_bytes_total counter
            x_bytes_total{channel_id="3",source="udp://@239.1.1.1:1234?a=\"b\"\\c\nd"} 42
            x_bytes_total 7
            # HELP x_ratio A "quoted" ratio.
            # TYPE x_ratio gauge
            x_ratio 0.25
            x_ratio{k="nan"} NaN
            x_ratio{k="inf"} +Inf
            x_ratio{k="-inf"} -Inf
            x_ratio{k="big"} 1E+21

            """;
        Assert.Equal(expected.Replace("\r\n", "\n"), w.ToString());

        // And a strict reader gets the original values back.
        var parsed = PrometheusExposition.Parse(w.ToString());
        Assert.Equal("udp://@239.1.1.1:1234?a=\"b\"\\c\nd", parsed.Samples[0].Labels["source"]);
        Assert.Equal(1e21, parsed.Value("x_ratio", ("k", "big")));
        Assert.Equal("counter", parsed.Types["x_bytes_total"]);
    }

    [Fact]
    public void Misuse_is_refused()
    {
        var w = new PrometheusTextWriter();
        Assert.Throws<InvalidOperationException>(() => w.Sample(1L));
        w.Family("ok_name", MetricType.Gauge, "fine");
        Assert.Throws<ArgumentException>(() => w.Family("ok_name", MetricType.Gauge, "again"));
        Assert.Throws<ArgumentException>(() => w.Family("9starts_with_digit", MetricType.Gauge, "no"));
        Assert.Throws<ArgumentException>(() => w.Family("has-dash", MetricType.Gauge, "no"));
        Assert.Throws<ArgumentException>(() => w.Sample(1L, ("bad:label", "x")));
        Assert.Throws<ArgumentException>(() => w.Sample(1L, ("__reserved", "x")));
    }

    [Fact]
    public void The_strict_reader_rejects_what_prometheus_would_reject()
    {
        Assert.Throws<FormatException>(() => PrometheusExposition.Parse("# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\na 2\n"));
        Assert.Throws<FormatException>(() => PrometheusExposition.Parse("a 1\n"));
        Assert.Throws<FormatException>(() => PrometheusExposition.Parse("# TYPE a gauge\na{x=\"\\q\"} 1\n"));
        Assert.Throws<FormatException>(() => PrometheusExposition.Parse("# TYPE a gauge\na 1"));
        Assert.Throws<FormatException>(() => PrometheusExposition.Parse("# TYPE a counter\na 1\n"));
    }
}
