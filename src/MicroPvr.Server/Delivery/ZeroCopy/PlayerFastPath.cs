using MicroPvr.Server.Delivery.Flussonic;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Server.Delivery.ZeroCopy;

/// <summary>
/// What the fast path needs to answer the MPEG-TS player URLs as <see cref="PlayerUrlHandler"/> does:
/// the channel directory, the shared start decision (<see cref="PlayerTsPlanner"/>) and the handler's
/// logger (7200, 7202 under the same name). Statistics and the streamer's logger come from <see cref="TsFastPath"/>.
/// </summary>
internal sealed record PlayerFastPath(ChannelDirectory Channels, PlayerTsPlanner Planner, ILogger<PlayerUrlHandler> Log);
