namespace MicroPvr.Core.Tasks.Supervision;

/// <summary>Where a run stands, as monitoring shows it (/metrics label <c>phase</c>).</summary>
public enum TaskRunPhase
{
    /// <summary>Waiting for its start, a retry after a postponement, or a back-off.</summary>
    Waiting,
    /// <summary>A recorder was asked to start and has not answered yet.</summary>
    Starting,
    /// <summary>A recorder is writing the run's file.</summary>
    Recording,
    /// <summary>The recorder refused the task for good (e.g. an invalid source URL).</summary>
    Failed,
}
