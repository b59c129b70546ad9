using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Pipeline.Sandbox.BambooHr;

/// <summary>
/// A custom report written straight into the response as it is rendered. A 500-employee report is about 175 KB:
/// buffered, every call allocated several large-object-heap arrays, and the sandbox's garbage collections took CPU
/// from the producer it shares two cores with in the bench. A whole-company report streams the same way. Rows are
/// rendered once per employee record, as the real service is remote and costs the bench machine nothing.
/// </summary>
internal sealed class CustomReportResult(string title, IReadOnlyList<string> fields, IEnumerable<StoredEmployee> employees) : IResult
{
    private const int FlushBytes = 32 * 1024;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        var body = response.BodyWriter;
        var ct = httpContext.RequestAborted;
        await using var writer = new Utf8JsonWriter(body);
        writer.WriteStartObject();
        writer.WriteString("title", title);
        writer.WriteStartArray("fields");
        foreach (var field in fields)
        {
            var info = Fields.Describe(field);
            writer.WriteStartObject();
            writer.WriteString("id", info.Id);
            writer.WriteString("type", info.Type);
            writer.WriteString("name", info.Name);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("employees");
        var fieldsKey = string.Join(',', fields);
        foreach (var employee in employees)
        {
            writer.WriteRawValue(Row(employee, fieldsKey), skipInputValidation: true);
            if (writer.BytesPending >= FlushBytes)
            {
                await writer.FlushAsync(ct).ConfigureAwait(false);
                await body.FlushAsync(ct).ConfigureAwait(false);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// One employee's row, rendered once per record and field list: records are immutable (an update swaps in a new
    /// one), so a row can be kept with its record until either changes.
    /// </summary>
    private byte[] Row(StoredEmployee employee, string fieldsKey)
    {
        if (Rows.TryGetValue(employee, out var cached) && string.Equals(cached.FieldsKey, fieldsKey, StringComparison.Ordinal))
        {
            return cached.Json;
        }

        var buffer = new ArrayBufferWriter<byte>(512);
        using (var row = new Utf8JsonWriter(buffer))
        {
            row.WriteStartObject();
            row.WriteString(Fields.Id, employee.Id);
            foreach (var field in fields)
            {
                row.WriteString(field, ApiEndpoints.RenderValue(employee, field));
            }

            row.WriteEndObject();
        }

        var json = buffer.WrittenSpan.ToArray();
        Rows.AddOrUpdate(employee, new CachedRow(fieldsKey, json));
        return json;
    }

    private static readonly ConditionalWeakTable<StoredEmployee, CachedRow> Rows = new();

    private sealed record CachedRow(string FieldsKey, byte[] Json);
}
