using MicroPvr.Core.Catalog;
using MicroPvr.Core.Recording;
using MicroPvr.Core.Storage;

namespace MicroPvr.Core.Tasks.Supervision;

/// <summary>
/// One run of a task: a planned window recorded into one file per recorder start (a restart
/// after an error opens a new file, since the old file's timeline ended). Owned by the
/// <see cref="TaskRunner"/> loop; not thread-safe.
/// </summary>
internal sealed class RecordingRun
{
    public RecordingRun(RecordingTask task, DateTimeOffset startAt)
    {
        Task = task;
        PlannedEnd = task.Stop;
        RetryAt = startAt;
    }

    /// <summary>The task as this run last stored it (definition, window, status).</summary>
    public RecordingTask Task { get; set; }
    public long TaskId => Task.Id;
    /// <summary>A restarted run keeps it (compat spec §3).</summary>
    public DateTimeOffset PlannedEnd { get; }
    public RunPhase Phase { get; set; } = RunPhase.Waiting;
    /// <summary>When a waiting run (re)starts.</summary>
    public DateTimeOffset RetryAt { get; set; }
    /// <summary>True once the run failed once: later starts are restarts after an error.</summary>
    public bool HadError { get; set; }
    public int ConsecutiveDeaths { get; set; }

    public Task<IRecordingHandle>? PendingStart { get; set; }
    public CancellationTokenSource? StartCancellation { get; set; }
    public DateTimeOffset StartDeadline { get; set; }
    /// <summary>The file the pending start writes to and its name time.</summary>
    public string? PendingPath { get; set; }
    public DateTimeOffset PendingFileStart { get; set; }

    public IRecordingHandle? Handle { get; set; }
    /// <summary>The storage reservation held while the recorder runs (compat spec §3 records-default-reserve-size).</summary>
    public SpaceAdmission? Admission { get; set; }

    public void ReleaseAdmission()
    {
        Admission?.Dispose();
        Admission = null;
    }
    public RecordFile? Record { get; set; }
    public DateTimeOffset RecordingSince { get; set; }
    public DateTimeOffset LastRecordUpdate { get; set; }

    /// <summary>Moves every relative wait by a clock jump so that it keeps its length.</summary>
    public void ShiftWaits(TimeSpan delta)
    {
        RetryAt = Shift(RetryAt, delta);
        StartDeadline = Shift(StartDeadline, delta);
        LastRecordUpdate = Shift(LastRecordUpdate, delta);
        RecordingSince = Shift(RecordingSince, delta);
    }

    private static DateTimeOffset Shift(DateTimeOffset moment, TimeSpan delta) =>
        moment == default ? moment : moment + delta;
}
