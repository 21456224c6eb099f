using MicroPvr.Core.Delivery;

namespace MicroPvr.Server.JsonRpc.Methods;

/// <summary>
/// get_playlist_name (compat spec §5): the name, under the direct-access path (/pvr/...), of an
/// HLS playlist with EXT-X-BYTERANGE segments for a channel and range. Playlists are built by the
/// delivery side (IPlaylistService); "RMPD" (DASH) answers 200 "not supported" until DASH exists.
/// </summary>
public sealed class GetPlaylistNameMethod(JsonRpcServices services) : JsonRpcMethod
{
    public override string Name => "get_playlist_name";
    public override string Summary => "Name of an HLS playlist (EXT-X-BYTERANGE) of the range under the direct-access path /pvr/.";
    public override IReadOnlyList<JsonRpcParamInfo> Params { get; } =
    [
        new("channel_id", JsonRpcParamType.Integer, true, "Channel id."),
        new("start_timestamp", JsonRpcParamType.Integer, true, "Unix time of the range start."),
        new("end_timestamp", JsonRpcParamType.Integer, true, "Unix time, > start: the latest segment start allowed."),
        new("playlist_type", JsonRpcParamType.String, false, "\"HLS4\" (default): HLS with EXT-X-BYTERANGE; \"RMPD\": MPEG-DASH (not supported yet: 200)."),
        new("aid", JsonRpcParamType.String, false, "Subscriber account id (accepted for compatibility)."),
        new("priority", JsonRpcParamType.Integer, false, "Force the copy of this priority (ours)."),
    ];

    public override async ValueTask<JsonRpcOutcome> InvokeAsync(JsonRpcParams parameters, CancellationToken ct)
    {
        parameters.EnsurePresent();
        var channelId = parameters.GetInt32("channel_id", min: 1);
        var start = parameters.GetUnixTime("start_timestamp");
        var end = parameters.GetUnixTime("end_timestamp");
        if (end <= start)
        {
            throw parameters.Invalid("'end_timestamp' must be after 'start_timestamp'");
        }

        var type = parameters.GetOptionalString("playlist_type");
        parameters.GetOptionalString("aid");
        var priority = parameters.GetOptionalInt32("priority", min: 0);
        var result = await services.Playlists.GetPlaylistNameAsync(channelId, start, end, type, priority, ct);
        return result.Status switch
        {
            PlaylistNameStatus.Ok when result.Name is not null => JsonRpcOutcome.OkString(result.Name),
            PlaylistNameStatus.NotSupported => throw new JsonRpcErrorException(JsonRpcErrorCodes.NotFound, $"Not supported: playlist_type {type}"),
            PlaylistNameStatus.InvalidArgument => throw parameters.Invalid("invalid channel, range or playlist_type"),
            _ => throw new JsonRpcErrorException(JsonRpcErrorCodes.NotFound, "Not found: no record matches this channel and range"),
        };
    }
}
