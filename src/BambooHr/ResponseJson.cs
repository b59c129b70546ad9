using System.Text.Json;
using Pipeline.Domain.Fields;

namespace Pipeline.BambooHr;

internal static class ResponseJson
{
    public static JsonDocument Parse(ReadOnlyMemory<byte> body, string endpoint)
    {
        try
        {
            return JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            var hint = body.Length == 0 ? "the body is empty" : $"the body is not valid JSON (cut off or corrupted at byte {ex.BytePositionInLine}, line {ex.LineNumber})";
            throw new BambooHrException(
                "invalid_response",
                $"BambooHR {endpoint} answered 200 but {hint}. Retry the run; if it persists, check BambooHr:BaseUrl and BambooHR's status page.",
                200,
                ex);
        }
    }

    public static BambooHrException Invalid(string endpoint, string problem) =>
        new("invalid_response", $"BambooHR {endpoint} answered 200 with an unexpected shape: {problem}. Nothing was synced from this answer; retry, and report it if it persists.", 200);

    public static bool IsEmployeeId(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= 18 && id.All(char.IsAsciiDigit);

    /// <summary>
    /// The rows of a custom report's <c>employees</c> array, each with its id: one place for what every report
    /// reader refuses (no array, a row that is not an object, an id that is not a numeric string).
    /// </summary>
    public static IEnumerable<(JsonElement Row, string Id)> EmployeeRows(JsonElement root, string endpoint)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("employees", out var employees)
            || employees.ValueKind != JsonValueKind.Array)
        {
            throw Invalid(endpoint, "there is no 'employees' array");
        }

        foreach (var row in employees.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(endpoint, $"an employee row is {ChangedResponseParser.Show(row)}, not an object");
            }

            if (!row.TryGetProperty(FieldTable.BambooHr.Id.Name, out var idElement) || idElement.ValueKind != JsonValueKind.String
                || !IsEmployeeId(idElement.GetString()))
            {
                throw Invalid(
                    endpoint,
                    $"an employee row has id {(row.TryGetProperty(FieldTable.BambooHr.Id.Name, out var raw) ? ChangedResponseParser.Show(raw) : "(missing)")}; expected a numeric id as a string");
            }

            yield return (row, idElement.GetString()!);
        }
    }
}
