using System.Collections.Concurrent;

namespace MicroPvr.BenchTools;

/// <summary>Commands for ts-replay read from a text stream (the script's FIFO) on a background thread.</summary>
public sealed class ReplayControl
{
    private readonly ConcurrentQueue<string> _commands = new();
    private volatile bool _closed;

    private ReplayControl()
    {
    }

    /// <summary>The input ended (the script closed its end): the replay stops.</summary>
    public bool Closed => _closed && _commands.IsEmpty;

    public static ReplayControl StartReading(TextReader input)
    {
        var control = new ReplayControl();
        new Thread(() =>
        {
            while (input.ReadLine() is { } line)
            {
                control._commands.Enqueue(line.Trim());
            }

            control._closed = true;
        })
        { IsBackground = true, Name = "ts-replay control" }.Start();
        return control;
    }

    public bool TryTake(out string command) => _commands.TryDequeue(out command!);

    /// <summary>Ends the replay once the queued commands are taken (a script's child processes may keep the input open).</summary>
    public void Quit() => _closed = true;
}
