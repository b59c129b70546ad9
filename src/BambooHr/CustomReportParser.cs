using System.Text.Json;
using Pipeline.Contracts;

namespace Pipeline.BambooHr;

/// <summary>Reads the custom report answer into snapshots; values are kept exactly as sent (strings or null).</summary>
internal static class CustomReportParser
{
    public static readonly IReadOnlyList<string> Fields =
    [
        "employeeNumber", "firstName", "lastName", "preferredName", "workEmail", "status", "hireDate",
        "terminationDate", "department", "division", "jobTitle", "location", "country",
    ];

    private const string Endpoint = "reports/custom";

    /// <summary>Adds the snapshots of <paramref name="wanted"/> ids found in the body; returns how many.</summary>
    public static int Parse(ReadOnlyMemory<byte> body, IReadOnlySet<string> wanted, Dictionary<string, EmployeeSnapshot> into)
    {
        var read = new List<EmployeeSnapshot>(wanted.Count);
        if (CustomReportReader.TryRead(body.Span, wanted, read) && read.TrueForAll(s => !into.ContainsKey(s.Id)))
        {
            var before = into.Count;
            foreach (var snapshot in read)
            {
                if (!into.TryAdd(snapshot.Id, snapshot))
                {
                    // The same id twice in one answer: undo, and let the document parser name it.
                    foreach (var added in read)
                    {
                        into.Remove(added.Id);
                    }

                    return ParseDocument(body, wanted, into);
                }
            }

            return into.Count - before;
        }

        return ParseDocument(body, wanted, into);
    }

    /// <summary>The checking parse: slower, and says exactly what is wrong with an answer it cannot take.</summary>
    internal static int ParseDocument(ReadOnlyMemory<byte> body, IReadOnlySet<string> wanted, Dictionary<string, EmployeeSnapshot> into)
    {
        using var document = ResponseJson.Parse(body, Endpoint);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("employees", out var employees)
            || employees.ValueKind != JsonValueKind.Array)
        {
            throw ResponseJson.Invalid(Endpoint, "there is no 'employees' array");
        }

        var found = 0;
        foreach (var row in employees.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Object)
            {
                throw ResponseJson.Invalid(Endpoint, $"an employee row is {ChangedResponseParser.Show(row)}, not an object");
            }

            if (!row.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.String
                || !ResponseJson.IsEmployeeId(idElement.GetString()))
            {
                throw ResponseJson.Invalid(
                    Endpoint,
                    $"an employee row has id {(row.TryGetProperty("id", out var raw) ? ChangedResponseParser.Show(raw) : "(missing)")}; expected a numeric id as a string");
            }

            var id = idElement.GetString()!;

            // If the id filter were ignored we would get the whole company: keep only what was asked for.
            if (!wanted.Contains(id))
            {
                continue;
            }

            if (into.ContainsKey(id))
            {
                throw ResponseJson.Invalid(Endpoint, $"employee {id} appears twice");
            }

            into[id] = new EmployeeSnapshot
            {
                Id = id,
                EmployeeNumber = Value(row, id, "employeeNumber"),
                FirstName = Value(row, id, "firstName"),
                LastName = Value(row, id, "lastName"),
                PreferredName = Value(row, id, "preferredName"),
                WorkEmail = Value(row, id, "workEmail"),
                Status = Value(row, id, "status"),
                HireDate = Value(row, id, "hireDate"),
                TerminationDate = Value(row, id, "terminationDate"),
                Department = Value(row, id, "department"),
                Division = Value(row, id, "division"),
                JobTitle = Value(row, id, "jobTitle"),
                Location = Value(row, id, "location"),
                Country = Value(row, id, "country"),
            };
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
