namespace MicroPvr.TestKit;

/// <summary>The outcome of a finished ffmpeg/ffprobe run.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError, bool TimedOut)
{
    public bool Succeeded => !TimedOut && ExitCode == 0;

    /// <summary>Throws with stderr when the run did not succeed (for arrange steps of tests).</summary>
    public ProcessResult EnsureSuccess(string what)
    {
        if (!Succeeded)
        {
            throw new InvalidOperationException(
                $"{what} failed (exit {ExitCode}, timed out {TimedOut}):\n{StandardError}");
        }

        return this;
    }
}
