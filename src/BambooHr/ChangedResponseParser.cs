using System.Text.Json;
using Pipeline.Contracts;

namespace Pipeline.BambooHr;

/// <summary>
/// Reads GET v1/employees/changed. The shape is an object keyed by id, so it is walked by hand and every
/// deviation becomes an <see cref="BambooHrException"/> naming what was wrong.
/// </summary>
internal static class ChangedResponseParser
{
    public static ChangeSet Parse(ReadOnlyMemory<byte> body, DateTimeOffset since)
    {
        using var document = ResponseJson.Parse(body, "employees/changed");
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw ResponseJson.Invalid("employees/changed", $"the body is a JSON {Describe(root)}, not an object");
        }

        DateTimeOffset? latest = null;
        if (root.TryGetProperty("latest", out var latestElement) && latestElement.ValueKind != JsonValueKind.Null)
        {
            if (latestElement.ValueKind != JsonValueKind.String || !Timestamp.TryParse(latestElement.GetString(), out var parsed))
            {
                throw ResponseJson.Invalid("employees/changed", $"'latest' is {Show(latestElement)}, not an ISO-8601 timestamp");
            }

            latest = parsed;
        }

        var changes = new List<EmployeeChange>();
        if (root.TryGetProperty("employees", out var employees))
        {
            switch (employees.ValueKind)
            {
                case JsonValueKind.Null:
                    break;
                case JsonValueKind.Array when employees.GetArrayLength() == 0:
                    // PHP writes an empty associative array as [].
                    break;
                case JsonValueKind.Object:
                    ReadEmployees(employees, changes);
                    break;
                default:
                    throw ResponseJson.Invalid("employees/changed", $"'employees' is {Show(employees)}, not an object keyed by employee id");
            }
        }

        if (changes.Count > 0 && latest is null)
        {
            throw ResponseJson.Invalid("employees/changed", $"{changes.Count} employees changed but 'latest' is missing, so the next since cannot be set");
        }

        return new ChangeSet(latest ?? since, changes);
    }

    private static void ReadEmployees(JsonElement employees, List<EmployeeChange> changes)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in employees.EnumerateObject())
        {
            var key = property.Name;
            if (!ResponseJson.IsEmployeeId(key))
            {
                throw ResponseJson.Invalid("employees/changed", $"employee key '{Trim(key)}' is not a numeric employee id");
            }

            if (!seen.Add(key))
            {
                throw ResponseJson.Invalid("employees/changed", $"employee {key} appears twice");
            }

            var entry = property.Value;
            if (entry.ValueKind != JsonValueKind.Object)
            {
                throw ResponseJson.Invalid("employees/changed", $"employee {key} is {Show(entry)}, not an object");
            }

            if (!entry.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String || id.GetString() != key)
            {
                throw ResponseJson.Invalid("employees/changed", $"employee {key} has id {(entry.TryGetProperty("id", out var raw) ? Show(raw) : "(missing)")}; expected the string \"{key}\"");
            }

            if (!entry.TryGetProperty("action", out var actionElement) || actionElement.ValueKind != JsonValueKind.String)
            {
                throw ResponseJson.Invalid("employees/changed", $"employee {key} has no string 'action'");
            }

            EmployeeAction action = actionElement.GetString() switch
            {
                "Inserted" => EmployeeAction.Inserted,
                "Updated" => EmployeeAction.Updated,
                "Deleted" => EmployeeAction.Deleted,
                var other => throw ResponseJson.Invalid(
                    "employees/changed", $"employee {key} has action \"{Trim(other)}\"; expected Inserted, Updated or Deleted"),
            };

            if (!entry.TryGetProperty("lastChanged", out var lastChanged) || lastChanged.ValueKind != JsonValueKind.String
                || !Timestamp.TryParse(lastChanged.GetString(), out var at))
            {
                throw ResponseJson.Invalid("employees/changed", $"employee {key} has no ISO-8601 'lastChanged'");
            }

            changes.Add(new EmployeeChange(key, action, at));
        }
    }

    internal static string Show(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{Trim(element.GetString())}\"",
        JsonValueKind.Number => $"the number {Trim(element.GetRawText())}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {element.GetRawText()}",
        JsonValueKind.Null => "null",
        _ => $"a JSON {Describe(element)}",
    };

    private static string Describe(JsonElement element) => element.ValueKind.ToString().ToLowerInvariant();

    internal static string Trim(string? text) => text is null ? "" : text.Length > 40 ? text[..40] + "…" : text;
}
