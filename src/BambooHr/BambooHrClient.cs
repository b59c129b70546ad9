using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Contracts;
using Polly.Timeout;

namespace Pipeline.BambooHr;

/// <summary>
/// Changed-since plus bulk snapshots through the (deprecated, unsunset) custom report, which filters by
/// employee id and uses the same v1 field names as GET employee. Retries live in the resilience handler.
/// </summary>
internal sealed class BambooHrClient(HttpClient http, IOptions<BambooHrOptions> options, ILogger<BambooHrClient> logger) : IBambooHrClient
{
    private const string ChangedEndpoint = "employees/changed";
    private const string ReportEndpoint = "reports/custom";

    public async Task<ChangeSet> GetChangesSinceAsync(DateTimeOffset since, CancellationToken ct)
    {
        // '+' must travel as %2B: a literal '+' decodes as a space on the server.
        var uri = "v1/employees/changed?since=" + Uri.EscapeDataString(Timestamp.Format(since));
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        var body = await SendAsync(request, ChangedEndpoint, ct).ConfigureAwait(false);
        var changes = ChangedResponseParser.Parse(body, since);
        Log.ChangesFetched(logger, changes.Employees.Count, since, changes.Latest);
        return changes;
    }

    public async Task<IReadOnlyDictionary<string, EmployeeSnapshot>> GetSnapshotsAsync(
        IReadOnlyCollection<string> employeeIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(employeeIds);
        var ids = employeeIds.Distinct(StringComparer.Ordinal).ToList();
        var bad = ids.FirstOrDefault(id => !ResponseJson.IsEmployeeId(id));
        if (bad is not null)
        {
            throw new ArgumentException($"'{ChangedResponseParser.Trim(bad)}' is not a BambooHR employee id (digits only).", nameof(employeeIds));
        }

        var result = new Dictionary<string, EmployeeSnapshot>(ids.Count, StringComparer.Ordinal);
        var chunks = ids.Chunk(options.Value.BulkChunkSize).ToList();
        for (var i = 0; i < chunks.Count; i++)
        {
            var chunk = chunks[i];
            var payload = new CustomReportRequest(
                "pipeline-snapshots",
                CustomReportParser.Fields,
                new CustomReportFilters([.. chunk.Select(id => long.Parse(id, CultureInfo.InvariantCulture))]));
            var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(payload, BambooHrJsonContext.Default.CustomReportRequest));

            // BambooHR parses anything but exactly "application/json" (even with a charset) as XML.
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/reports/custom?format=JSON&onlyCurrent=true") { Content = content };
            var body = await SendAsync(request, ReportEndpoint, ct).ConfigureAwait(false);
            var received = CustomReportParser.Parse(body, chunk.ToHashSet(StringComparer.Ordinal), result);
            Log.SnapshotChunkFetched(logger, i + 1, chunks.Count, chunk.Length, received);
        }

        return result;
    }

    private async Task<ReadOnlyMemory<byte>> SendAsync(HttpRequestMessage request, string endpoint, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new BambooHrException(
                "timeout",
                $"BambooHR {endpoint} did not answer within {options.Value.Timeout.TotalSeconds:0.#} s on any of {options.Value.MaxAttempts} attempts. Check BambooHR's status page, or raise BambooHr:Timeout.",
                null,
                ex);
        }
        catch (HttpRequestException ex)
        {
            throw new BambooHrException(
                "unreachable",
                $"BambooHR {endpoint} could not be reached or the connection broke mid-answer ({ex.HttpRequestError}) after {options.Value.MaxAttempts} attempts. Check network access to BambooHr:BaseUrl ({http.BaseAddress?.GetLeftPart(UriPartial.Authority)}).",
                null,
                ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw ResponseErrors.FromStatus(response, endpoint, options.Value);
            }

            var body = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
            var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
            if (mediaType.Contains("html", StringComparison.OrdinalIgnoreCase) || (body.Length > 0 && body[0] == (byte)'<'))
            {
                throw new BambooHrException(
                    "invalid_response",
                    $"BambooHR {endpoint} answered {(int)response.StatusCode} with an HTML/XML page ({(mediaType.Length == 0 ? "no content type" : mediaType)}), not JSON. " +
                    "Check BambooHr:BaseUrl is the API root (https://{company}.bamboohr.com/api/ or .../api/gateway.php/{company}/), not the web login.",
                    (int)response.StatusCode);
            }

            return body;
        }
    }
}
