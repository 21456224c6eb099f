using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Server.JsonRpc;

/// <summary>
/// JSON-RPC 2.0 dispatcher shared by the TCP server and HTTP POST /jsonrpc (compat spec §5).
/// Takes exactly one complete JSON value (a request or a batch) and returns the bytes of the
/// answer, or null when nothing must be answered (notifications).
/// </summary>
public sealed partial class JsonRpcDispatcher
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    private readonly FrozenDictionary<string, IJsonRpcMethod> _methods;
    private readonly JsonRpcAccessPolicy _access;
    private readonly ILogger<JsonRpcDispatcher> _logger;

    public JsonRpcDispatcher(IEnumerable<IJsonRpcMethod> methods, JsonRpcAccessPolicy access, ILogger<JsonRpcDispatcher> logger)
    {
        _methods = methods.ToFrozenDictionary(m => m.Name, StringComparer.Ordinal);
        _access = access;
        _logger = logger;
    }

    /// <summary>The method table, by name (docs/openrpc.json is tested against it).</summary>
    public IReadOnlyDictionary<string, IJsonRpcMethod> Methods => _methods;

    public async ValueTask<byte[]?> DispatchAsync(ReadOnlyMemory<byte> json, JsonRpcCallContext context, CancellationToken ct)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json.Span, documentOptions: DocumentOptions);
        }
        catch (JsonException ex)
        {
            LogApiError(_logger, JsonRpcErrorCodes.ParseError, "-", context.Remote, ex.Message);
            return Serialize(ErrorResponse(null, JsonRpcErrorCodes.ParseError, "Parse error"));
        }

        if (root is JsonArray batch)
        {
            if (batch.Count == 0)
            {
                return Serialize(ErrorResponse(null, JsonRpcErrorCodes.InvalidRequest, "Invalid Request: empty batch"));
            }

            var answers = new JsonArray();
            foreach (var item in batch)
            {
                var answer = await ProcessAsync(item, context, ct);
                if (answer is not null)
                {
                    answers.Add(answer);
                }
            }

            // JSON-RPC 2.0 §6: a batch of notifications gets no answer at all.
            return answers.Count == 0 ? null : Serialize(answers);
        }

        var single = await ProcessAsync(root, context, ct);
        return single is null ? null : Serialize(single);
    }

    private async ValueTask<JsonObject?> ProcessAsync(JsonNode? node, JsonRpcCallContext context, CancellationToken ct)
    {
        if (node is not JsonObject request)
        {
            return ErrorResponse(null, JsonRpcErrorCodes.InvalidRequest, "Invalid Request: not an object");
        }

        var hasId = request.TryGetPropertyValue("id", out var id);
        if (hasId && id is not null && id.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Number))
        {
            return ErrorResponse(null, JsonRpcErrorCodes.InvalidRequest, "Invalid Request: id must be a string, a number or null");
        }

        // "jsonrpc" is tolerated when absent: operators' hand-written nc calls often omit it.
        if (request["jsonrpc"] is { } version && (version.GetValueKind() != JsonValueKind.String || version.GetValue<string>() != "2.0"))
        {
            return ErrorResponse(id, JsonRpcErrorCodes.InvalidRequest, "Invalid Request: jsonrpc must be \"2.0\"");
        }

        if (request["method"] is not { } methodNode || methodNode.GetValueKind() != JsonValueKind.String)
        {
            return ErrorResponse(id, JsonRpcErrorCodes.InvalidRequest, "Invalid Request: method must be a string");
        }

        var parameters = request["params"];
        if (parameters is not null and not JsonObject and not JsonArray)
        {
            return ErrorResponse(id, JsonRpcErrorCodes.InvalidRequest, "Invalid Request: params must be an object");
        }

        var name = methodNode.GetValue<string>();
        LogApiCall(_logger, name, context.Remote, context.Transport);
        var answer = await InvokeAsync(name, request, parameters, context, ct);
        if (!hasId)
        {
            return null;
        }

        answer.Add("id", id?.DeepClone());
        return answer;
    }

    private async ValueTask<JsonObject> InvokeAsync(string name, JsonObject request, JsonNode? parameters, JsonRpcCallContext context, CancellationToken ct)
    {
        if (_access.TokenRequired && !_access.IsTokenValid(ReadToken(request, context)))
        {
            LogUnauthorized(_logger, name, context.Remote);
            return ErrorAnswer(JsonRpcErrorCodes.Unauthorized, "Unauthorized: missing or wrong token");
        }

        if (!_methods.TryGetValue(name, out var method))
        {
            LogApiError(_logger, JsonRpcErrorCodes.MethodNotFound, name, context.Remote, "method not found");
            return ErrorAnswer(JsonRpcErrorCodes.MethodNotFound, "Method not found");
        }

        try
        {
            var outcome = await method.InvokeAsync(new JsonRpcParams(parameters, method.ProductErrorCodes), ct);
            var answer = new JsonObject { ["jsonrpc"] = "2.0" };
            if (outcome.ResponseMembers is { } members)
            {
                foreach (var (key, value) in members)
                {
                    answer.Add(key, value?.DeepClone());
                }
            }
            else
            {
                answer.Add("result", outcome.Result);
            }

            return answer;
        }
        catch (JsonRpcErrorException ex)
        {
            LogApiError(_logger, ex.Code, name, context.Remote, ex.Message);
            return ErrorAnswer(ex.Code, ex.Message);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // A bug or an unexpected fault of a service: answer, log, keep serving.
            LogInternalError(_logger, ex, name, context.Remote);
            return ErrorAnswer(JsonRpcErrorCodes.InternalError, "Internal error");
        }
    }

    private static string? ReadToken(JsonObject request, JsonRpcCallContext context)
    {
        if (request["token"] is { } node && node.GetValueKind() == JsonValueKind.String)
        {
            return node.GetValue<string>();
        }

        return context.BearerToken;
    }

    private static JsonObject ErrorAnswer(int code, string message) =>
        new()
        {
            ["jsonrpc"] = "2.0",
            ["error"] = new JsonObject { ["code"] = code, ["message"] = message },
        };

    private static JsonObject ErrorResponse(JsonNode? id, int code, string message)
    {
        var answer = ErrorAnswer(code, message);
        answer.Add("id", id?.DeepClone());
        return answer;
    }

    private static byte[] Serialize(JsonNode node) => JsonSerializer.SerializeToUtf8Bytes(node);
}
