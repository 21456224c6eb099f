namespace MicroPvr.EndToEnd.Tests.Bench;

/// <summary>The figure-line contract of bench/lib.sh, as the smoke tests read it.</summary>
public sealed class FigureParsingTests
{
    [Fact]
    public void Figure_lines_are_parsed_and_other_lines_ignored()
    {
        var figures = BenchScriptRun.ParseFigures("# machine: x\nFIGURE a.b 12.5 MB/s\nnoise FIGURE c 1 x\nFIGURE c.d 0 errors\n");

        Assert.Equal(2, figures.Count);
        Assert.Equal((12.5, "MB/s"), figures["a.b"]);
        Assert.Equal((0.0, "errors"), figures["c.d"]);
    }

    [Theory]
    [InlineData("FIGURE x nan x")]
    [InlineData("FIGURE x -1 s")]
    [InlineData("FIGURE x TBD ms")]
    [InlineData("FIGURE x 3")]
    public void Placeholders_and_malformed_figures_fail(string line)
    {
        Assert.ThrowsAny<Exception>(() => BenchScriptRun.ParseFigures(line));
    }
}
