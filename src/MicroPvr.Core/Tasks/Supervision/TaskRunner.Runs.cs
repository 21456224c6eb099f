using MicroPvr.Core.Recording;

namespace MicroPvr.Core.Tasks.Supervision;

/// <summary>Task-level decisions: launch, hand-over to the next run, completion.</summary>
public sealed partial class TaskRunner
{
    private async Task ScheduleTaskAsync(RecordingTask task, DateTimeOffset now, CancellationToken ct)
    {
        if (_current.TryGetValue(task.Id, out var run))
        {
            switch (await StepAsync(run, now, isCurrent: true, ct))
            {
                case RunOutcome.Completed:
                    _current.Remove(task.Id);
                    await EndRunAsync(run, ct);
                    await AdvanceAsync(run.Task, now, immediate: false, ct);
                    return;
                case RunOutcome.GaveUp:
                    _current.Remove(task.Id);
                    await EndRunAsync(run, ct);
                    LogGaveUp(_logger, task.Id, (int)Math.Max(0, (run.PlannedEnd - now).TotalSeconds));
                    await AdvanceAsync(run.Task, now, immediate: true, ct);
                    return;
            }

            // Seamless daily files: the next run begins 80 s before this one ends while this one
            // records to its planned end (compat spec §3); otherwise the next run is due only
            // after this one's end and the Completed branch above takes it.
            if (TaskSchedule.PlanNextRun(run.Task, now) is { } next && next.Start <= now && now < run.PlannedEnd)
            {
                _current.Remove(task.Id);
                if (run.Phase == RunPhase.Recording)
                {
                    _finishing.Add(run);
                }
                else
                {
                    await EndRunAsync(run, ct);
                }

                await LaunchAsync(run.Task with { Start = next.Start, Stop = next.End, Status = RecordingTaskStatus.New }, now, ct);
            }

            return;
        }

        if (task.Stop <= now)
        {
            // The whole window passed without a recorder (daemon down, clock jumped forward).
            await AdvanceAsync(task, now, immediate: false, ct);
        }
        else if (task.Start <= now)
        {
            if (task.Status == RecordingTaskStatus.Unknown)
            {
                LogResumed(_logger, task.Id, task.Stop);
            }

            await LaunchAsync(task, now, ct);
        }
    }

    /// <summary>The task's run is over: plan the next run (periodic) or complete the task (one-off).</summary>
    private async Task AdvanceAsync(RecordingTask task, DateTimeOffset now, bool immediate, CancellationToken ct)
    {
        var next = immediate ? TaskSchedule.PlanImmediateNextRun(task, now) : TaskSchedule.PlanNextRun(task, now);
        if (next is not { } window)
        {
            await _tasks.CompleteTaskAsync(task.Id, ct);
            return;
        }

        var planned = task with { Start = window.Start, Stop = window.End, Status = RecordingTaskStatus.New };
        LogNextRun(_logger, task.Id, window.Start, window.End);
        if (window.Start <= now)
        {
            await LaunchAsync(planned, now, ct);
        }
        else
        {
            await _tasks.UpdateTaskAsync(planned, ct);
        }
    }

    private async Task LaunchAsync(RecordingTask task, DateTimeOffset now, CancellationToken ct)
    {
        if (!await _tasks.UpdateTaskAsync(task, ct))
        {
            return;
        }

        var run = new RecordingRun(task, now);
        _current[task.Id] = run;
        await BeginStartAsync(run, now, ct);
    }

    private bool IsCurrent(RecordingRun run) => _current.TryGetValue(run.TaskId, out var current) && current == run;

    /// <summary>Stores a new status (and shown start) of the task of a current run.</summary>
    private async Task SetStatusAsync(RecordingRun run, RecordingTaskStatus status, DateTimeOffset? start, CancellationToken ct)
    {
        if (!IsCurrent(run))
        {
            return;
        }

        run.Task = run.Task with { Status = status, Start = start ?? run.Task.Start, Stop = run.PlannedEnd };
        await _tasks.UpdateTaskAsync(run.Task, ct);
    }

    /// <summary>Stops whatever the run has going: a pending start, a recorder.</summary>
    private async Task EndRunAsync(RecordingRun run, CancellationToken ct)
    {
        CancelPendingStart(run);
        await StopRecorderAsync(run, ct);
    }

    private static void CancelPendingStart(RecordingRun run)
    {
        if (run.PendingStart is { } pending)
        {
            run.StartCancellation?.Cancel();
            if (!pending.IsCompleted)
            {
                // A recorder that answers after we gave up on it must still be stopped.
                _ = DisposeLateAsync(pending);
            }
            else if (pending.IsCompletedSuccessfully)
            {
                _ = pending.Result.DisposeAsync().AsTask();
            }
        }

        run.StartCancellation?.Dispose();
        run.StartCancellation = null;
        run.PendingStart = null;
    }

    private static async Task DisposeLateAsync(Task<IRecordingHandle> pending)
    {
        try
        {
            var handle = await pending;
            await handle.DisposeAsync();
        }
        catch (Exception)
        {
            // It failed to start after all: nothing to stop.
        }
    }
}
