namespace MicroPvr.Server.JsonRpc.Methods;

/// <summary>cancel_task_by_id (compat spec §5): "ok" whether or not the task existed. Files stay.</summary>
public sealed class CancelTaskByIdMethod(JsonRpcServices services) : JsonRpcMethod
{
    public override string Name => "cancel_task_by_id";
    public override string Summary => "Cancels one task by its id. Files are kept. Always \"ok\".";
    public override IReadOnlyList<JsonRpcParamInfo> Params { get; } =
    [
        new("task_id", JsonRpcParamType.Integer, true, "Task id (get_tasks_list task-id), > 0."),
    ];

    public override async ValueTask<JsonRpcOutcome> InvokeAsync(JsonRpcParams parameters, CancellationToken ct)
    {
        parameters.EnsurePresent();
        var taskId = parameters.GetInt64("task_id", min: 1);
        await services.Tasks.CancelTaskByIdAsync(taskId, ct);
        return JsonRpcOutcome.OkString("ok");
    }
}
