namespace MicroPvr.Server.Delivery.Flussonic;

/// <summary>A channel as the player URLs know it: from the tasks and records of the catalog.</summary>
/// <param name="Id">channel_id.</param>
/// <param name="Name">channel_name of its newest task (or record), or null when none was given.</param>
/// <param name="FirstRecordStart">Start of its oldest record, or null when nothing is recorded.</param>
internal sealed record PlayerChannel(int Id, string? Name, DateTimeOffset? FirstRecordStart);
