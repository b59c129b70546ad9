using System.Text.Json;

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
}
