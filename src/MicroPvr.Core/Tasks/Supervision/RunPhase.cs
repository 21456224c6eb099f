namespace MicroPvr.Core.Tasks.Supervision;

/// <summary>Where one run of a task stands.</summary>
internal enum RunPhase
{
    /// <summary>Waiting for its (re)start moment: initial start, postponement or back-off.</summary>
    Waiting,
    /// <summary>The engine was asked to start and has not answered yet (recorder-init-timeout runs).</summary>
    Starting,
    /// <summary>The recorder writes the run's current file.</summary>
    Recording,
    /// <summary>The recorder refused the request for good (e.g. an invalid source URL): waits for the planned end.</summary>
    Failed,
}
