namespace MicroPvr.Core.Tasks.Supervision;

/// <summary>The runs as monitoring sees them: an immutable list replaced after every decision.</summary>
public sealed partial class TaskRunner
{
    private IReadOnlyList<TaskRunStatus> _published = [];

    /// <summary>Every run the runner holds (current and finishing), ordered by task id; no locking, never stale by more than one tick.</summary>
    public IReadOnlyList<TaskRunStatus> Runs => Volatile.Read(ref _published);

    /// <summary>Called under the gate at the end of every tick and state change.</summary>
    private void PublishRuns()
    {
        var list = new List<TaskRunStatus>();
        foreach (var run in _current.Values)
        {
            list.Add(Describe(run, finishing: false));
        }

        foreach (var run in _finishing)
        {
            list.Add(Describe(run, finishing: true));
        }

        list.Sort(static (a, b) => a.Task.Id != b.Task.Id ? a.Task.Id.CompareTo(b.Task.Id) : a.Task.Start.CompareTo(b.Task.Start));
        Volatile.Write(ref _published, list);
    }

    private static TaskRunStatus Describe(RecordingRun run, bool finishing) =>
        new(run.Task, run.Phase, finishing, run.PlannedEnd, run.Phase == RunPhase.Recording ? run.Record?.Path ?? run.PendingPath : null, run.Handle);
}
