using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Pipeline.Sandbox.BambooHr;

/// <summary>The BambooHR v1 endpoints the pipeline uses, mapped under one route group.</summary>
internal static partial class ApiEndpoints
{
    private const string JsonType = "application/json";

    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/employees/changed", Changed).WithMetadata(new StatsName("employees.changed"));
        v1.MapGet("/employees/directory", Directory).WithMetadata(new StatsName("employees.directory"));
        v1.MapGet("/employees/{id}", Employee).WithMetadata(new StatsName("employees.get"));
        v1.MapPost("/reports/custom", CustomReport).WithMetadata(new StatsName("reports.custom"));
    }

    private static IResult Changed(HttpContext http, EmployeeStore store)
    {
        var query = http.Request.Query;
        if (query["since"].Count != 1 || string.IsNullOrEmpty(query["since"][0]))
        {
            return ApiErrors.Result(http, 400, "The 'since' parameter is required (ISO-8601 with an offset, e.g. 2026-01-01T00:00:00Z).");
        }

        var sinceText = query["since"][0]!;
        if (UnencodedPlus().IsMatch(sinceText))
        {
            // A literal '+' in a query string decodes as a space. BambooHR's docs require %2B; the
            // sandbox refuses rather than guess, so a client that forgets to encode fails here, not in production.
            return ApiErrors.Result(http, 400, $"Invalid 'since' value '{sinceText}': the offset sign was sent as a literal '+', which decodes as a space. Send '+' as %2B.");
        }

        if (!Timestamps.TryParse(sinceText, out var since))
        {
            return ApiErrors.Result(http, 400, $"Invalid 'since' value '{sinceText}': use yyyy-mm-ddThh:mm:ss followed by Z, +hh:mm, -hh:mm, +hhmm or -hhmm.");
        }

        string? action = null;
        if (query.ContainsKey("type"))
        {
            action = query["type"].ToString() switch
            {
                "all" => null,
                "inserted" => "Inserted",
                "updated" => "Updated",
                "deleted" => "Deleted",
                _ => "invalid",
            };
            if (action == "invalid")
            {
                return ApiErrors.Result(http, 400, $"Invalid 'type' value '{query["type"]}': use inserted, updated, deleted or all.");
            }
        }

        var rows = store.ChangesSince(since)
            .Where(r => action is null || r.Action == action)
            .OrderBy(r => long.Parse(r.Id, CultureInfo.InvariantCulture))
            .ToList();
        return Results.Bytes(WriteChanged(rows), JsonType);
    }

    /// <summary>
    /// Written by hand because the empty case is deliberately PHP-shaped: an empty associative array
    /// serialises as [] and latest is null — the least convenient of the shapes clients must accept.
    /// </summary>
    private static byte[] WriteChanged(List<ChangeRow> rows)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (rows.Count == 0)
            {
                writer.WriteNull("latest");
                writer.WriteStartArray("employees");
                writer.WriteEndArray();
            }
            else
            {
                writer.WriteString("latest", Timestamps.Format(rows.Max(r => r.LastChanged)));
                writer.WriteStartObject("employees");
                foreach (var row in rows)
                {
                    writer.WriteStartObject(row.Id);
                    writer.WriteString("id", row.Id);
                    writer.WriteString("action", row.Action);
                    writer.WriteString("lastChanged", Timestamps.Format(row.LastChanged));
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static IResult Employee(HttpContext http, string id, EmployeeStore store)
    {
        var requested = http.Request.Query["fields"].ToString()
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (requested.Count > Fields.MaxFieldsPerRequest)
        {
            return ApiErrors.Result(http, 400, $"Too many fields: at most {Fields.MaxFieldsPerRequest} per request.");
        }

        var unknown = requested.Where(f => !Fields.IsKnown(f)).ToList();
        if (unknown.Count > 0)
        {
            return ApiErrors.Result(http, 406, $"Unknown field(s): {string.Join(", ", unknown)}.");
        }

        if (store.Find(id) is not { } employee)
        {
            return ApiErrors.Result(http, 404, $"Employee {id} not found.");
        }

        var body = Render(employee, requested, ApiGuard.HiddenFields(http));
        return Results.Json(body, SandboxJsonContext.Default.DictionaryStringString, JsonType);
    }

    private static readonly string[] DirectoryFields =
        ["displayName", "firstName", "lastName", "preferredName", "jobTitle", "workEmail", "department", "division", "location"];

    private static IResult Directory(HttpContext http, EmployeeStore store)
    {
        var hidden = ApiGuard.HiddenFields(http);
        var fields = DirectoryFields.Where(f => !hidden.Contains(f)).ToList();
        var employees = store.All()
            .Where(e => e.Get(Fields.Status) == "Active")
            .Select(e =>
            {
                var row = new Dictionary<string, string?>(StringComparer.Ordinal) { ["id"] = e.Id };
                foreach (var field in fields)
                {
                    row[field] = field == "displayName"
                        ? $"{e.Get(Fields.PreferredName) ?? e.Get(Fields.FirstName)} {e.Get(Fields.LastName)}".Trim()
                        : e.Get(field);
                }

                return row;
            })
            .ToList();
        if (employees.Count == 0)
        {
            return ApiErrors.Result(http, 404, "The directory is empty.");
        }

        var descriptors = fields
            .Select(f => f == "displayName" ? new FieldDescriptor(f, "text", "Display Name") : Describe(f))
            .ToList();
        return Results.Json(new DirectoryResponse(descriptors, employees), SandboxJsonContext.Default.DirectoryResponse, JsonType);
    }

    private static async Task<IResult> CustomReport(HttpContext http, EmployeeStore store)
    {
        var request = http.Request;
        if (request.Query.ContainsKey("format") && !string.Equals(request.Query["format"], "JSON", StringComparison.OrdinalIgnoreCase))
        {
            return ApiErrors.Result(http, 404, $"Unsupported report format '{request.Query["format"]}'.");
        }

        if (!string.Equals(request.ContentType, JsonType, StringComparison.Ordinal))
        {
            return ApiErrors.Result(http, 400, $"The report request must be sent with 'Content-Type: application/json' exactly (got '{request.ContentType}'); BambooHR parses anything else as XML.");
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, default, http.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            return ApiErrors.Result(http, 400, $"The report request is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            if (!TryReadReportRequest(document.RootElement, out var report, out var problem))
            {
                return ApiErrors.Result(http, 400, problem);
            }

            var hidden = ApiGuard.HiddenFields(http);
            var fields = report.Fields.Where(f => f != Fields.Id && Fields.IsKnown(f) && !hidden.Contains(f)).ToList();
            // With an id filter, look the ids up instead of scanning (and sorting) the whole company per call:
            // the producer asks for 500 ids at a time, and a scan made the sandbox, not the pipeline, the bottleneck.
            var candidates = report.Ids is null
                ? store.All()
                : report.Ids.Distinct(StringComparer.Ordinal).Select(store.Find).OfType<StoredEmployee>()
                    .OrderBy(e => long.Parse(e.Id, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            var employees = candidates.Where(e => report.ChangedSince is null || e.LastChanged >= report.ChangedSince);
            return new CustomReportResult(report.Title, fields, employees);
        }
    }

    private sealed record ReportRequest(string Title, List<string> Fields, HashSet<string>? Ids, DateTimeOffset? ChangedSince);

    private static bool TryReadReportRequest(JsonElement root, out ReportRequest report, out string problem)
    {
        report = null!;
        problem = "";
        if (root.ValueKind != JsonValueKind.Object)
        {
            problem = "The report request must be a JSON object.";
            return false;
        }

        var title = root.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "Report";
        if (!root.TryGetProperty("fields", out var f) || f.ValueKind != JsonValueKind.Array
            || f.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String))
        {
            problem = "The report request needs 'fields': an array of field names.";
            return false;
        }

        var fields = f.EnumerateArray().Select(x => x.GetString()!).Distinct(StringComparer.Ordinal).ToList();
        if (fields.Count > Fields.MaxFieldsPerRequest)
        {
            problem = $"Too many fields: at most {Fields.MaxFieldsPerRequest} per request.";
            return false;
        }

        HashSet<string>? ids = null;
        DateTimeOffset? changedSince = null;
        if (root.TryGetProperty("filters", out var filters))
        {
            if (filters.ValueKind != JsonValueKind.Object)
            {
                problem = "'filters' must be an object.";
                return false;
            }

            if (filters.TryGetProperty("employeeIds", out var idList))
            {
                if (idList.ValueKind != JsonValueKind.Array)
                {
                    problem = "'filters.employeeIds' must be an array of employee ids.";
                    return false;
                }

                ids = new HashSet<string>(StringComparer.Ordinal);
                foreach (var item in idList.EnumerateArray())
                {
                    var id = item.ValueKind switch
                    {
                        JsonValueKind.Number when item.TryGetInt64(out var n) && n > 0 => n.ToString(CultureInfo.InvariantCulture),
                        JsonValueKind.String when item.GetString() is { Length: > 0 } s && s.All(char.IsAsciiDigit) => s,
                        _ => null,
                    };
                    if (id is null)
                    {
                        problem = $"'filters.employeeIds' holds {item.GetRawText()}, which is not an employee id.";
                        return false;
                    }

                    ids.Add(id);
                }
            }

            if (filters.TryGetProperty("lastChanged", out var lc))
            {
                if (lc.ValueKind != JsonValueKind.Object || !lc.TryGetProperty("value", out var v)
                    || !Timestamps.TryParse(v.ValueKind == JsonValueKind.String ? v.GetString() : null, out var at))
                {
                    problem = "'filters.lastChanged' must be {\"value\": \"<ISO-8601 with offset>\"}.";
                    return false;
                }

                changedSince = at;
            }
        }

        report = new ReportRequest(title, fields, ids, changedSince);
        return true;
    }

    /// <summary>One employee as BambooHR sends it: id first, strings only, empty dates "0000-00-00", hidden fields absent.</summary>
    private static Dictionary<string, string?> Render(StoredEmployee employee, IEnumerable<string> fields, IReadOnlySet<string> hidden)
    {
        var row = new Dictionary<string, string?>(StringComparer.Ordinal) { [Fields.Id] = employee.Id };
        foreach (var field in fields)
        {
            if (field == Fields.Id || hidden.Contains(field))
            {
                continue;
            }

            row[field] = RenderValue(employee, field);
        }

        return row;
    }

    /// <summary>
    /// The report in BambooHR's shape ({title, fields, employees}), written straight to UTF-8: the bench's producer
    /// asks for 100,000 employees and this stand-in shares the CPU with it, so no dictionary per employee.
    /// </summary>
    internal static string? RenderValue(StoredEmployee employee, string field) => field switch
    {
        Fields.LastChanged => Timestamps.Format(employee.LastChanged),
        _ when Fields.IsDate(field) => string.IsNullOrEmpty(employee.Get(field)) ? "0000-00-00" : employee.Get(field),
        _ => employee.Get(field),
    };

    private static FieldDescriptor Describe(string field)
    {
        var info = Fields.Describe(field);
        return new FieldDescriptor(info.Id, info.Type, info.Name);
    }

    /// <summary>A timestamp whose '+' offset arrived as a space: "2026-01-01T00:00:00 01:00".</summary>
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2} \d{2}:?\d{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex UnencodedPlus();
}
