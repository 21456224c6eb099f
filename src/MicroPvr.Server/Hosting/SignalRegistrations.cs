using System.Runtime.InteropServices;

namespace MicroPvr.Server.Hosting;

/// <summary>POSIX signal handlers that are removed together.</summary>
internal sealed class SignalRegistrations : IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = [];

    public void Add(PosixSignalRegistration registration) => _registrations.Add(registration);

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
        _registrations.Clear();
    }
}
