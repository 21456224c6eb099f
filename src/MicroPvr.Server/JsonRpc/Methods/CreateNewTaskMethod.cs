namespace MicroPvr.Server.JsonRpc.Methods;

/// <summary>create_new_task (compat spec §5): answers "ok"; the new id is visible in get_tasks_list.</summary>
public sealed class CreateNewTaskMethod(JsonRpcServices services) : JsonRpcMethod
{
    public override string Name => "create_new_task";
    public override string Summary => "Creates a recording task (one-off or periodic). Returns \"ok\".";
    public override IReadOnlyList<JsonRpcParamInfo> Params => TaskRequestReader.Params;

    public override async ValueTask<JsonRpcOutcome> InvokeAsync(JsonRpcParams parameters, CancellationToken ct)
    {
        var request = TaskRequestReader.Read(parameters, services.Time.GetUtcNow(), startRequired: false);
        await TaskRequestReader.CreateAsync(services.Tasks, request, ct);
        return JsonRpcOutcome.OkString("ok");
    }
}
