using System.Diagnostics;
using System.Text;

namespace MicroPvr.TestKit;

/// <summary>A background ffmpeg (started by <see cref="Ffmpeg.Start"/>); killed on dispose.</summary>
public sealed class FfmpegProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    internal FfmpegProcess(string tool, IEnumerable<string> args)
    {
        _process = new Process { StartInfo = Ffmpeg.CreateStartInfo(tool, args) };
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(e.Data);
                }
            }
        };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>What ffmpeg wrote to stderr so far (errors; the banner is off).</summary>
    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Waits for a natural exit; kills and returns false when the timeout passes first.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            Ffmpeg.Kill(_process);
            return false;
        }
    }

    public int ExitCode => _process.ExitCode;

    public void Dispose()
    {
        Ffmpeg.Kill(_process);
        try
        {
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }
}
