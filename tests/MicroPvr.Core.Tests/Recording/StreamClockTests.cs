using MicroPvr.Core.Recording;

namespace MicroPvr.Core.Tests.Recording;

public sealed class StreamClockTests
{
    private const long Pcr0 = 1_000_000_000;
    private const double Utc0 = 1_700_000_000_000;

    [Fact]
    public void A_network_burst_does_not_skew_times()
    {
        var clock = new StreamClock();
        // 10 s of PCR every 40 ms received on time (plus 5 ms of latency)...
        for (var i = 0; i <= 250; i++)
        {
            clock.OnPcr(Pcr0 + (i * 40L * 27_000), Utc0 + 5 + (i * 40), jump: false);
        }

        // ...then 2 s of stream held back by the network and delivered in one 100 ms burst.
        for (var i = 251; i <= 300; i++)
        {
            clock.OnPcr(Pcr0 + (i * 40L * 27_000), Utc0 + 12_000 + ((i - 251) * 2), jump: false);
        }

        // The last PCR was sent at Utc0 + 12000 ms: the mapping stays within a few ms of it, not 100+ ms off.
        Assert.InRange(clock.CurrentUtcMs(Utc0 + 12_100), Utc0 + 11_990, Utc0 + 12_030);
    }

    [Fact]
    public void A_slow_sender_clock_is_followed()
    {
        var clock = new StreamClock();
        // The sender's 27 MHz clock runs 500 ppm slow: each 40 ms of PCR arrives every 40.02 ms.
        for (var i = 0; i <= 1500; i++)
        {
            clock.OnPcr(Pcr0 + (i * 40L * 27_000), Utc0 + (i * 40.02), jump: false);
        }

        Assert.InRange(clock.CurrentUtcMs(Utc0 + 60_030), Utc0 + 60_020, Utc0 + 60_040);
    }

    [Fact]
    public void A_pcr_jump_starts_a_new_run_at_the_receive_time()
    {
        var clock = new StreamClock();
        clock.OnPcr(Pcr0, Utc0, jump: false);
        clock.OnPcr(Pcr0 + (27_000 * 40), Utc0 + 40, jump: false);

        Assert.False(clock.OnPcr(5, Utc0 + 80, jump: true));
        Assert.Equal((long)Utc0 + 80, clock.CurrentUtcMs(Utc0 + 80));
        Assert.True(clock.OnPcr(5 + (27_000 * 40), Utc0 + 120, jump: false));
        Assert.Equal((long)Utc0 + 120, clock.CurrentUtcMs(Utc0 + 120));
    }
}
