using System.Text.Json.Nodes;

namespace MicroPvr.Server.JsonRpc.Methods;

/// <summary>get_tasks_list (compat spec §5): every task, dashed member names, status as an integer (NEW=0 … UNKNOWN=5).</summary>
public sealed class GetTasksListMethod(JsonRpcServices services) : JsonRpcMethod
{
    public override string Name => "get_tasks_list";
    public override string Summary => "All tasks: task-id, channel-id, channel-name, stream-source, path, start-time, stop-time, expected-duration, repeat-period, lifetime, status, number-of-records.";

    public override async ValueTask<JsonRpcOutcome> InvokeAsync(JsonRpcParams parameters, CancellationToken ct)
    {
        var tasks = await services.Tasks.GetTasksAsync(ct);
        var list = new JsonArray();
        foreach (var task in tasks)
        {
            list.Add(JsonFormat.Task(task));
        }

        return JsonRpcOutcome.Ok(list);
    }
}
