using System.Text.Json.Nodes;
using MicroPvr.Server.JsonRpc;

namespace MicroPvr.Server.Tests.JsonRpc;

/// <summary>docs/openrpc.json must describe exactly the dispatcher's method table (names, params, types, deprecation).</summary>
public class OpenRpcDocumentTests
{
    [Fact]
    public async Task The_openrpc_document_matches_the_real_method_table()
    {
        await using var api = await ApiHost.StartAsync();
        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "openrpc.json")))!;
        var documented = document["methods"]!.AsArray().ToDictionary(m => (string)m!["name"]!, m => m!);
        var methods = api.Dispatcher.Methods;
        Assert.Equal(methods.Keys.Order(), documented.Keys.Order());
        foreach (var (name, method) in methods)
        {
            var doc = documented[name];
            Assert.True(method.Deprecated == ((bool?)doc["deprecated"] ?? false), $"{name}: deprecated flag differs");
            Assert.Equal("by-name", (string)doc["paramStructure"]!);
            var docParams = doc["params"]!.AsArray()
                .Select(p => ((string)p!["name"]!, (bool)p["required"]!, (string)p["schema"]!["type"]!))
                .ToList();
            var realParams = method.Params
                .Select(p => (p.Name, p.Required, p.Type.ToString().ToLowerInvariant()))
                .ToList();
            Assert.True(realParams.SequenceEqual(docParams), $"{name}: params differ: code {string.Join(",", realParams)} vs doc {string.Join(",", docParams)}");
        }
    }

    [Fact]
    public void Every_method_is_documented_in_api_md_with_an_example()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "api.md"));
        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "openrpc.json")))!;
        foreach (var method in document["methods"]!.AsArray())
        {
            var name = (string)method!["name"]!;
            Assert.Contains($"### `{name}`", text);
            Assert.Contains($"\"method\":\"{name}\"", text);
        }
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MicroPvr.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    [Fact]
    public void Param_type_names_are_json_schema_names()
    {
        Assert.Equal(["integer", "number", "string", "boolean", "object"], Enum.GetNames<JsonRpcParamType>().Select(n => n.ToLowerInvariant()));
    }
}
