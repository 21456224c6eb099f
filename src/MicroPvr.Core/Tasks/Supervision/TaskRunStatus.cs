using MicroPvr.Core.Recording;

namespace MicroPvr.Core.Tasks.Supervision;

/// <summary>
/// What one run of a task is doing, as the runner last left it (published after every tick):
/// for /metrics, /healthz and the state log. A periodic task has two runs for the 80 s of a
/// seamless hand-over (compat spec §3): the finishing one (<see cref="Finishing"/>) and the next.
/// </summary>
public sealed class TaskRunStatus
{
    private readonly IRecordingHandle? _handle;

    internal TaskRunStatus(RecordingTask task, RunPhase phase, bool finishing, DateTimeOffset plannedEnd, string? recordPath, IRecordingHandle? handle)
    {
        Task = task;
        Phase = phase switch
        {
            RunPhase.Starting => TaskRunPhase.Starting,
            RunPhase.Recording => TaskRunPhase.Recording,
            RunPhase.Failed => TaskRunPhase.Failed,
            _ => TaskRunPhase.Waiting,
        };
        Finishing = finishing;
        PlannedEnd = plannedEnd;
        RecordPath = recordPath;
        _handle = handle;
    }

    /// <summary>The task as this run stored it (its Start is the run's start).</summary>
    public RecordingTask Task { get; }

    public TaskRunPhase Phase { get; }

    /// <summary>True for the previous run of a periodic task that records to its end while the next run exists.</summary>
    public bool Finishing { get; }

    public DateTimeOffset PlannedEnd { get; }

    /// <summary>The file being written, when recording.</summary>
    public string? RecordPath { get; }

    /// <summary>Live figures of the recorder, or null when none is writing.</summary>
    public RecordingStatistics? ReadStatistics()
    {
        try
        {
            return _handle?.Statistics;
        }
        catch (ObjectDisposedException)
        {
            return null;
        }
    }
}
