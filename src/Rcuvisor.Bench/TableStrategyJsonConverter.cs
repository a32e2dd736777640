using System.Text.Json;
using System.Text.Json.Serialization;
using Rcuvisor.Tables;

namespace Rcuvisor.Bench;

/// <summary>
/// Writes a table strategy as <c>--table</c> spells it (cached-move, rcu-array, radix, fixed).
/// A kebab-case enum converter would write RadixTree as "radix-tree", one document then
/// naming one table two ways; list it before any general enum converter.
/// </summary>
internal sealed class TableStrategyJsonConverter : JsonConverter<VcpuTableStrategy>
{
    public override VcpuTableStrategy Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        VcpuTableStrategyNames.TryParse(reader.GetString(), out var strategy)
            ? strategy
            : throw new JsonException($"'{reader.GetString()}' is not a table: expected one of {string.Join(", ", VcpuTableStrategyNames.All)}.");

    public override void Write(Utf8JsonWriter writer, VcpuTableStrategy value, JsonSerializerOptions options) =>
        writer.WriteStringValue(VcpuTableStrategyNames.NameOf(value));
}
