using System.Globalization;
using System.Text;

namespace MicroPvr.Server.Delivery.ZeroCopy;

/// <summary>
/// The Date field value (RFC 9110 §5.6.7 IMF-fixdate), formatted once per second like Kestrel's
/// own date header cache, so a fast-path answer costs no formatting.
/// </summary>
internal sealed class HttpDate(TimeProvider time)
{
    private Cached _cached = new(long.MinValue, []);

    public byte[] Current
    {
        get
        {
            var now = time.GetUtcNow();
            var second = now.ToUnixTimeSeconds();
            var cached = Volatile.Read(ref _cached);
            if (cached.Second != second)
            {
                cached = new Cached(second, Encoding.ASCII.GetBytes(now.ToString("r", CultureInfo.InvariantCulture)));
                Volatile.Write(ref _cached, cached);
            }

            return cached.Value;
        }
    }

    private sealed record Cached(long Second, byte[] Value);
}
