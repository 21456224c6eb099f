namespace MicroPvr.Core.Storage;

/// <summary>
/// The answer to "may a recording start in this location?" (compat spec §3, recorder-check-free-space).
/// When <see cref="Allowed"/>, the recording holds a reservation of records-default-reserve-size MiB
/// on its mount point until this object is disposed (dispose it when the run ends). When refused,
/// <see cref="Reason"/> says why: the caller postpones the task (the refusal is logged as 6108).
/// </summary>
public sealed class SpaceAdmission : IDisposable
{
    private Action? _release;

    /// <summary>Normally made by <see cref="IStorageManager.AdmitRecording"/>; public for test doubles.</summary>
    public SpaceAdmission(bool allowed, string reason, string mountPoint, long freeMiB, long reservedMiB, long reservationMiB, Action? release)
    {
        Allowed = allowed;
        Reason = reason;
        MountPoint = mountPoint;
        FreeMiB = freeMiB;
        ReservedMiB = reservedMiB;
        ReservationMiB = reservationMiB;
        _release = release;
    }

    public bool Allowed { get; }

    /// <summary>Human-readable reason ("" when allowed without conditions).</summary>
    public string Reason { get; }

    public string MountPoint { get; }

    /// <summary>Real free space of the mount point when checked (-1 when not checked).</summary>
    public long FreeMiB { get; }

    /// <summary>Space reserved on the mount point by all active recordings, this one included when allowed.</summary>
    public long ReservedMiB { get; }

    /// <summary>What this recording reserved (0 when free-space checks are off or refused).</summary>
    public long ReservationMiB { get; }

    /// <summary>Releases the reservation (idempotent).</summary>
    public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
}
