namespace MicroPvr.Core.Tasks;

/// <summary>
/// Task statuses of compat spec §3. The integer values are what get_tasks_list reports
/// (numbered in the spec's order from 0) and are part of the API contract.
/// </summary>
public enum RecordingTaskStatus
{
    New = 0,
    Postponed = 1,
    Starting = 2,
    Started = 3,
    Failed = 4,
    Unknown = 5,
}
