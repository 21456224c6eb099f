namespace MicroPvr.Server.JsonRpc.Methods;

/// <summary>
/// set_config (compat spec §5): the config service backs the file up, rewrites it atomically and
/// applies it without restart; its result code is the API code (101, 220..223).
/// </summary>
public sealed class SetConfigMethod(JsonRpcServices services) : JsonRpcMethod
{
    public override string Name => "set_config";
    public override string Summary => "Replaces the configuration: backup, rewrite, apply without restart. Returns \"ok\".";
    public override IReadOnlyList<JsonRpcParamInfo> Params { get; } =
    [
        new("config", JsonRpcParamType.Object, true, "The configuration object (get_config's shape); keys not given keep their defaults."),
    ];

    public override async ValueTask<JsonRpcOutcome> InvokeAsync(JsonRpcParams parameters, CancellationToken ct)
    {
        parameters.EnsurePresent();
        var config = parameters.GetObject("config");
        var code = await services.Config.SetConfigAsync((System.Text.Json.Nodes.JsonObject)config.DeepClone(), ct);
        return code == 0 ? JsonRpcOutcome.OkString("ok") : throw new JsonRpcErrorException(code, Describe(code));
    }

    private static string Describe(int code) => code switch
    {
        JsonRpcErrorCodes.InvalidArgument => "Invalid configuration",
        JsonRpcErrorCodes.ConfigBackupFailed => "Configuration backup failed",
        JsonRpcErrorCodes.ConfigWriteFailed => "Configuration write failed",
        JsonRpcErrorCodes.ConfigApplyFailedRestored => "Configuration apply failed; the previous configuration was restored",
        JsonRpcErrorCodes.ConfigApplyFailedNotRestored => "Configuration apply failed and restoring the previous one failed",
        _ => $"set_config failed with code {code}",
    };
}
