using MicroPvr.Core.Delivery;
using MicroPvr.Core.Monitoring;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Server.Delivery.ZeroCopy;

/// <summary>
/// What the fast path needs to answer <c>/ts</c> as the Kestrel handler does
/// (<see cref="DeliveryEndpointRouteBuilderExtensions"/>): the archive timeline, the request
/// statistics (compat spec §5) and the streamer's logger (7110, 7111, 7112 under the same name).
/// </summary>
internal sealed record TsFastPath(ArchiveTimeline Timeline, RequestStatistics Statistics, ILogger<ArchiveStreamer> StreamLog);
