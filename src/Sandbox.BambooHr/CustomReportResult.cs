using System.Text.Json;

namespace Pipeline.Sandbox.BambooHr;

/// <summary>
/// A custom report written straight into the response as it is rendered. A 500-employee report is about 175 KB:
/// buffered, every call allocated several large-object-heap arrays, and the sandbox's garbage collections took CPU
/// from the producer it shares two cores with in the bench. A whole-company report streams the same way.
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
        foreach (var employee in employees)
        {
            writer.WriteStartObject();
            writer.WriteString(Fields.Id, employee.Id);
            foreach (var field in fields)
            {
                writer.WriteString(field, ApiEndpoints.RenderValue(employee, field));
            }

            writer.WriteEndObject();
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
}
