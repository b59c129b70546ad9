using System.Text.Json;
using Pipeline.Contracts;
using Pipeline.Domain.Fields;

namespace Pipeline.BambooHr;

/// <summary>
/// Reads the custom report answer into snapshots, field by field as <see cref="FieldTable.BambooHr"/> lists them; values
/// are kept exactly as sent (strings or null). An answer it cannot take is refused with what is wrong with it.
/// </summary>
internal static class CustomReportParser
{
    /// <summary>What the report asks for (the table's reported fields, by their API names).</summary>
    public static readonly IReadOnlyList<string> Fields = [.. FieldTable.BambooHr.Reported.Select(f => f.Name)];

    private const string Endpoint = "reports/custom";

    /// <summary>Adds the snapshots of <paramref name="wanted"/> ids (every id when null) found in the body; returns how many.</summary>
    public static int Parse(ReadOnlyMemory<byte> body, IReadOnlySet<string>? wanted, Dictionary<string, EmployeeSnapshot> into)
    {
        using var document = ResponseJson.Parse(body, Endpoint);
        var root = document.RootElement;
        var found = 0;
        foreach (var (row, id) in ResponseJson.EmployeeRows(root, Endpoint))
        {

            // If the id filter were ignored we would get the whole company: keep only what was asked for.
            if (wanted is not null && !wanted.Contains(id))
            {
                continue;
            }

            if (into.ContainsKey(id))
            {
                throw ResponseJson.Invalid(Endpoint, $"employee {id} appears twice");
            }

            var snapshot = new EmployeeSnapshot { Id = id };
            foreach (var field in FieldTable.BambooHr.Reported)
            {
                if (Value(row, id, field.Name) is { } value)
                {
                    snapshot = field.Write(snapshot, value);
                }
            }

            into[id] = snapshot;
            found++;
        }

        return found;
    }

    /// <summary>Absent (hidden from this key) and null both read as null; anything not a string is refused.</summary>
    private static string? Value(JsonElement row, string id, string field)
    {
        if (!row.TryGetProperty(field, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null => null,
            _ => throw ResponseJson.Invalid(Endpoint, $"employee {id} field '{field}' is {ChangedResponseParser.Show(value)}; BambooHR sends strings"),
        };
    }
}
