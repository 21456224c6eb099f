using MicroPvr.Core.Recording;

namespace MicroPvr.Core.Tasks.Supervision;

/// <summary>Run-level state machine: start, init timeout, postponement, death and restart, end.</summary>
public sealed partial class TaskRunner
{
    private async Task<RunOutcome> StepAsync(RecordingRun run, DateTimeOffset now, bool isCurrent, CancellationToken ct)
    {
        switch (run.Phase)
        {
            case RunPhase.Waiting:
                if (now >= run.PlannedEnd)
                {
                    return RunOutcome.Completed;
                }

                if (now >= run.RetryAt)
                {
                    await BeginStartAsync(run, now, ct);
                }

                return RunOutcome.Continuing;

            case RunPhase.Starting:
                return await StepStartingAsync(run, now, ct);

            case RunPhase.Recording:
                return await StepRecordingAsync(run, now, isCurrent, ct);

            default:
                return now >= run.PlannedEnd ? RunOutcome.Completed : RunOutcome.Continuing;
        }
    }

    private async Task<RunOutcome> StepStartingAsync(RecordingRun run, DateTimeOffset now, CancellationToken ct)
    {
        var pending = run.PendingStart!;
        if (pending.IsCompletedSuccessfully)
        {
            await OnStartedAsync(run, pending.Result, now, ct);
            return RunOutcome.Continuing;
        }

        if (pending.IsCompleted)
        {
            var error = pending.Exception?.GetBaseException() ?? new OperationCanceledException("recorder start cancelled");
            CancelPendingStart(run);
            run.ReleaseAdmission();
            if (error is RecordLocationException location)
            {
                LogLocationUnusable(_logger, run.TaskId, run.Task.RecordLocation, location.Reason);
            }

            return await OnStartFailedAsync(run, now, error.Message, IsPermanent(error), ct);
        }

        if (now >= run.StartDeadline)
        {
            // recorder-init-timeout: no start in time → postpone (compat spec §4).
            CancelPendingStart(run);
            run.ReleaseAdmission();
            LogInitTimeout(_logger, run.TaskId, Options.RecorderInitTimeoutSeconds);
            return await OnStartFailedAsync(run, now, "recorder-init-timeout expired", permanent: false, ct);
        }

        if (now >= run.PlannedEnd)
        {
            CancelPendingStart(run);
            return RunOutcome.Completed;
        }

        return RunOutcome.Continuing;
    }

    private async Task<RunOutcome> StepRecordingAsync(RecordingRun run, DateTimeOffset now, bool isCurrent, CancellationToken ct)
    {
        var handle = run.Handle!;
        if (now >= run.PlannedEnd)
        {
            var path = run.Record?.Path ?? run.PendingPath ?? "?";
            await StopRecorderAsync(run, ct);
            LogRecordCompleted(_logger, run.TaskId, path);
            return RunOutcome.Completed;
        }

        var vanished = run.Record is { } written && now - run.LastRecordUpdate >= CheckingPeriod && !File.Exists(written.Path);
        if (handle.Completion.IsCompleted || vanished)
        {
            // A file deleted or a location unmounted under a running recorder: the bytes would go
            // to a file nobody can find. The engine notices it within seconds (9019, a
            // RecordLocationException); the existence check here is the backstop for engines that
            // do not. Either way the location is the problem, not the recorder: the task is
            // postponed by task-postpone-time rather than restarted at once.
            var error = handle.Completion.Exception?.GetBaseException();
            var locationFault = vanished || error is RecordLocationException;
            var reason = vanished ? "the file being written disappeared (location removed or unmounted?)"
                : error?.Message ?? "stopped by itself";
            LogRecorderDied(_logger, run.TaskId, run.Record?.Path ?? run.PendingPath ?? "?", reason);
            if (locationFault)
            {
                LogLocationUnusable(_logger, run.TaskId, run.Task.RecordLocation, (error as RecordLocationException)?.Reason ?? reason);
            }

            await StopRecorderAsync(run, ct);
            run.HadError = true;
            if (!isCurrent || TaskSchedule.ShouldGiveUpRun(run.PlannedEnd, now))
            {
                return RunOutcome.GaveUp;
            }

            run.ConsecutiveDeaths = now - run.RecordingSince >= RecorderBackoff.StableAfter ? 1 : run.ConsecutiveDeaths + 1;
            var delay = locationFault ? PostponeTime : RecorderBackoff.Delay(run.ConsecutiveDeaths, PostponeTime);
            run.RetryAt = now + delay;
            LogPostponed(_logger, run.TaskId, run.RetryAt, reason);
            await SetStatusAsync(run, RecordingTaskStatus.Postponed, run.RetryAt, ct);
            return RunOutcome.Continuing;
        }

        if (run.Record is { } record && now - run.LastRecordUpdate >= CheckingPeriod)
        {
            run.LastRecordUpdate = now;
            run.Record = await _records.RefreshAsync(record, SafeStatistics(handle), closing: false, ct);
        }

        return RunOutcome.Continuing;
    }

    /// <summary>Asks the engine for a recorder writing a new file of this run.</summary>
    private async Task BeginStartAsync(RecordingRun run, DateTimeOffset now, CancellationToken ct)
    {
        var task = run.Task;
        var fileStart = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        var path = RecordFilePath.Build(task.RecordLocation, task.ChannelId, fileStart, task.Id);
        while (File.Exists(path))
        {
            // A restart within the same second as the previous file: never overwrite a record.
            fileStart = fileStart.AddSeconds(1);
            path = RecordFilePath.Build(task.RecordLocation, task.ChannelId, fileStart, task.Id);
        }

        run.PendingPath = path;
        run.PendingFileStart = fileStart;
        run.StartDeadline = now + TimeSpan.FromSeconds(Math.Max(1, Options.RecorderInitTimeoutSeconds));
        run.StartCancellation = CancellationTokenSource.CreateLinkedTokenSource(ct);
        run.Phase = RunPhase.Starting;
        LogRecorderStarting(_logger, task.Id, task.StreamSource, path);
        run.PendingStart = (PrepareLocation(task) ?? Admit(run)) is { } refusal
            ? Task.FromException<IRecordingHandle>(refusal)
            : StartRecorder(task, path, run.StartCancellation.Token);
        _ = run.PendingStart.ContinueWith(_ => WakeRequested?.Invoke(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        await SetStatusAsync(run, RecordingTaskStatus.Starting, null, ct);
    }

    /// <summary>
    /// Storage admission (compat spec §3): with recorder-check-free-space on, a recording that would
    /// leave less than records-min-free-space after its reservation does not start (the storage
    /// manager logs 6108) and the run is postponed. Returns the refusal, or null when admitted.
    /// </summary>
    private IOException? Admit(RecordingRun run)
    {
        if (_storage is null)
        {
            return null;
        }

        try
        {
            var admission = _storage.AdmitRecording(run.Task.RecordLocation);
            if (admission.Allowed)
            {
                run.Admission = admission;
                return null;
            }

            admission.Dispose();
            return new IOException("no free space: " + admission.Reason);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new IOException("storage check failed: " + ex.Message, ex);
        }
    }

    /// <summary>
    /// Checked before every new file (each start, restart and rotation): the record location must
    /// exist — a location that held records or was recorded into is never recreated, since a
    /// removed or unmounted disk would otherwise silently fill the file system below its mount
    /// point — and a file must be creatable in its channel folder (not read-only, permitted).
    /// A location never seen before is created, as the original does. Returns the refusal
    /// (a <see cref="RecordLocationException"/>, logged 5122), or null when the location is usable.
    /// </summary>
    private RecordLocationException? PrepareLocation(RecordingTask task)
    {
        var location = task.RecordLocation;
        if (!Directory.Exists(location) && _knownLocations.Contains(TaskRequestValidator.NormalizeLocation(location)))
        {
            return new RecordLocationException(location, "the record location is missing (removed or unmounted?); it is not recreated", null);
        }

        var channelDirectory = RecordFilePath.ChannelDirectory(location, task.ChannelId);
        try
        {
            Directory.CreateDirectory(channelDirectory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new RecordLocationException(location, $"cannot create {channelDirectory}: {ex.Message}", ex);
        }

        return RecordLocationProbe.CheckDirectory(channelDirectory) is { } reason
            ? new RecordLocationException(location, reason, null)
            : null;
    }

    private Task<IRecordingHandle> StartRecorder(RecordingTask task, string path, CancellationToken ct)
    {
        try
        {
            return _engine.StartAsync(new RecordingRequest(task.StreamSource, [path], task.ChannelId), ct).AsTask();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // An unwritable location or a synchronous refusal: handled like any failed start.
            return Task.FromException<IRecordingHandle>(ex);
        }
    }

    private async Task OnStartedAsync(RecordingRun run, IRecordingHandle handle, DateTimeOffset now, CancellationToken ct)
    {
        run.StartCancellation?.Dispose();
        run.StartCancellation = null;
        run.PendingStart = null;
        run.Handle = handle;
        run.Phase = RunPhase.Recording;
        run.RecordingSince = now;
        run.LastRecordUpdate = now;
        var path = run.PendingPath!;
        run.Record = await _records.AddAsync(run.Task, path, run.PendingFileStart, ct);
        _knownLocations.Add(TaskRequestValidator.NormalizeLocation(run.Task.RecordLocation));
        _ = handle.Completion.ContinueWith(_ => WakeRequested?.Invoke(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        LogRecorderStarted(_logger, run.TaskId, path);
        LogTaskStarted(_logger, run.TaskId, run.Task.ChannelId, path, run.PlannedEnd);
        await SetStatusAsync(run, RecordingTaskStatus.Started, run.PendingFileStart, ct);
    }

    private async Task<RunOutcome> OnStartFailedAsync(RecordingRun run, DateTimeOffset now, string reason, bool permanent, CancellationToken ct)
    {
        run.HadError = true;
        if (permanent)
        {
            // The request itself is wrong (e.g. an invalid source URL, 9004): retrying cannot help.
            run.Phase = RunPhase.Failed;
            LogTaskFailed(_logger, run.TaskId, reason, run.PlannedEnd);
            await SetStatusAsync(run, RecordingTaskStatus.Failed, null, ct);
            return RunOutcome.Continuing;
        }

        LogStartFailed(_logger, run.TaskId, reason);
        if (TaskSchedule.ShouldGiveUpRun(run.PlannedEnd, now))
        {
            return RunOutcome.GaveUp;
        }

        run.Phase = RunPhase.Waiting;
        run.RetryAt = now + PostponeTime;
        LogPostponed(_logger, run.TaskId, run.RetryAt, reason);
        await SetStatusAsync(run, RecordingTaskStatus.Postponed, run.RetryAt, ct);
        return RunOutcome.Continuing;
    }

    /// <summary>Stops the run's recorder (file and index flushed and closed) and finalises its row.</summary>
    private async Task StopRecorderAsync(RecordingRun run, CancellationToken ct)
    {
        if (run.Handle is { } handle)
        {
            run.Handle = null;
            try
            {
                await handle.DisposeAsync();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogStopFailed(_logger, run.TaskId, ex);
            }

            if (run.Record is { } record)
            {
                await _records.RefreshAsync(record, SafeStatistics(handle), closing: true, ct);
            }
        }

        run.Record = null;
        run.ReleaseAdmission();
        if (run.Phase == RunPhase.Recording)
        {
            run.Phase = RunPhase.Waiting;
        }
    }

    private TimeSpan CheckingPeriod => TimeSpan.FromSeconds(Math.Max(1, Options.RecordsCheckingPeriodSeconds));

    private TimeSpan PostponeTime => TimeSpan.FromSeconds(Math.Max(1, Options.TaskPostponeTimeSeconds));

    private static RecordingStatistics? SafeStatistics(IRecordingHandle handle)
    {
        try
        {
            return handle.Statistics;
        }
        catch (ObjectDisposedException)
        {
            return null;
        }
    }

    private static bool IsPermanent(Exception error) =>
        error is ArgumentException or FormatException or NotSupportedException or Ingest.InvalidSourceUrlException;
}
