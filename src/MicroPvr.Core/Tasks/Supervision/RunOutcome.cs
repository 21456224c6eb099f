namespace MicroPvr.Core.Tasks.Supervision;

/// <summary>What a step of a run means for its task.</summary>
internal enum RunOutcome
{
    /// <summary>The run goes on.</summary>
    Continuing,
    /// <summary>The planned end was reached.</summary>
    Completed,
    /// <summary>It failed with less than 80 s left: the next run starts immediately (compat spec §3).</summary>
    GaveUp,
}
