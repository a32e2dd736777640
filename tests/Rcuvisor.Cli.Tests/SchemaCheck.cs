using System.Text.Json;
using Json.Schema;
using Xunit;

namespace Rcuvisor.Cli.Tests;

/// <summary>Validates a JSON document against its schema in docs/schemas (copied beside the tests at build).</summary>
internal static class SchemaCheck
{
    /// <summary>The schema's errors for <paramref name="json"/>, each with where in the document it is; empty when valid.</summary>
    public static IReadOnlyList<string> Errors(string schemaName, string json)
    {
        var schema = JsonSchema.FromText(File.ReadAllText(PathOf(schemaName)));
        using var document = JsonDocument.Parse(json);
        var results = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
            return [];
        return [.. (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))
            .DefaultIfEmpty("invalid, without details")];
    }

    /// <summary>Where the copy of docs/schemas/<paramref name="schemaName"/>.schema.json is, beside the tests.</summary>
    public static string PathOf(string schemaName) => Path.Combine(AppContext.BaseDirectory, "schemas", $"{schemaName}.schema.json");

    public static void AssertValid(string schemaName, string json)
    {
        var errors = Errors(schemaName, json);
        Assert.True(errors.Count == 0, $"not valid against docs/schemas/{schemaName}.schema.json:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");
    }
}
