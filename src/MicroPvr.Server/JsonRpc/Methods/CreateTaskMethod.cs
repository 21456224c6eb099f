using System.Text.Json.Nodes;

namespace MicroPvr.Server.JsonRpc.Methods;

/// <summary>create_task (ours): create_new_task that returns the new task, id included.</summary>
public sealed class CreateTaskMethod(JsonRpcServices services) : JsonRpcMethod
{
    public override string Name => "create_task";
    public override string Summary => "Like create_new_task, but returns the created task (get_tasks_list shape, with task-id).";
    public override IReadOnlyList<JsonRpcParamInfo> Params => TaskRequestReader.Params;

    public override async ValueTask<JsonRpcOutcome> InvokeAsync(JsonRpcParams parameters, CancellationToken ct)
    {
        var request = TaskRequestReader.Read(parameters, services.Time.GetUtcNow(), startRequired: false);
        var task = await TaskRequestReader.CreateAsync(services.Tasks, request, ct);
        JsonNode result = JsonFormat.Task(task);
        return JsonRpcOutcome.Ok(result);
    }
}
