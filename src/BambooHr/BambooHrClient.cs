using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Contracts;
using Pipeline.Resilience;
using Polly.Timeout;

namespace Pipeline.BambooHr;

/// <summary>
/// Changed-since plus bulk snapshots through the (deprecated, unsunset) custom report, which filters by
/// employee id and uses the same v1 field names as GET employee. Retries live in the resilience handler.
/// </summary>
internal sealed class BambooHrClient(HttpClient http, IOptions<BambooHrOptions> options, IOptions<RetryOptions> retry, ILogger<BambooHrClient> logger)
    : IBambooHrClient
{
    private const string ChangedEndpoint = "employees/changed";
    private const string ReportEndpoint = "reports/custom";

    private int Attempts => retry.Value.BambooHr.MaxAttempts;

    public async Task<ChangeSet> GetChangesSinceAsync(DateTimeOffset since, CancellationToken ct)
    {
        // '+' must travel as %2B: a literal '+' decodes as a space on the server.
        var uri = "v1/employees/changed?since=" + Uri.EscapeDataString(Timestamp.Format(since));
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        var changes = await SendAsync(request, ChangedEndpoint, body => ChangedResponseParser.Parse(body, since), ct).ConfigureAwait(false);
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
            var wanted = chunk.ToHashSet(StringComparer.Ordinal);
            var received = await PostReportAsync(payload, wanted, result, ct).ConfigureAwait(false);
            Log.SnapshotChunkFetched(logger, i + 1, chunks.Count, chunk.Length, received);
        }

        return result;
    }

    public async Task<IReadOnlyList<EmployeeChange>> GetAllEmployeesAsync(CancellationToken ct)
    {
        var payload = new CustomReportRequest("pipeline-roster", [RosterParser.LastChangedField], Filters: null);
        var undated = 0;
        var roster = await PostReportAsync(payload, body => RosterParser.Parse(body, out undated), ct).ConfigureAwait(false);
        roster.Sort((a, b) => long.Parse(a.Id, CultureInfo.InvariantCulture).CompareTo(long.Parse(b.Id, CultureInfo.InvariantCulture)));
        Log.RosterFetched(logger, roster.Count, undated);
        return roster;
    }

    public async Task<IReadOnlyDictionary<string, EmployeeSnapshot>> GetAllSnapshotsAsync(CancellationToken ct)
    {
        // One answer for the whole company: the report has no paging, and at ~350 bytes an employee even 100,000 of
        // them fit the body limit. Without filters the report includes every status.
        var result = new Dictionary<string, EmployeeSnapshot>(StringComparer.Ordinal);
        var received = await PostReportAsync(new CustomReportRequest("pipeline-all-employees", CustomReportParser.Fields, null), null, result, ct)
            .ConfigureAwait(false);
        Log.AllSnapshotsFetched(logger, received);
        return result;
    }

    /// <param name="wanted">The ids asked for; only these are kept. Null keeps every employee in the answer.</param>
    private Task<int> PostReportAsync(CustomReportRequest payload, IReadOnlySet<string>? wanted, Dictionary<string, EmployeeSnapshot> into, CancellationToken ct) =>
        PostReportAsync(payload, body => CustomReportParser.Parse(body, wanted, into), ct);

    private async Task<T> PostReportAsync<T>(CustomReportRequest payload, Func<ReadOnlyMemory<byte>, T> parse, CancellationToken ct)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(payload, BambooHrJsonContext.Default.CustomReportRequest));

        // BambooHR parses anything but exactly "application/json" (even with a charset) as XML.
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/reports/custom?format=JSON&onlyCurrent=true") { Content = content };
        return await SendAsync(request, ReportEndpoint, parse, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends, then reads the body into a pooled buffer that lives only while <paramref name="parse"/> runs. The body is
    /// read after the resilience pipeline has returned the headers, so it gets its own deadline (BambooHr:Timeout).
    /// </summary>
    private async Task<T> SendAsync<T>(HttpRequestMessage request, string endpoint, Func<ReadOnlyMemory<byte>, T> parse, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new BambooHrException(
                "timeout",
                $"BambooHR {endpoint} did not answer within {options.Value.Timeout.TotalSeconds:0.#} s on any of {Attempts} attempts. Check BambooHR's status page, or raise BambooHr:Timeout.",
                null,
                ex);
        }
        catch (HttpRequestException ex)
        {
            throw new BambooHrException(
                "unreachable",
                $"BambooHR {endpoint} could not be reached or the connection broke mid-answer ({ex.HttpRequestError}) after {Attempts} attempts. Check network access to BambooHr:BaseUrl ({http.BaseAddress?.GetLeftPart(UriPartial.Authority)}).",
                null,
                ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw ResponseErrors.FromStatus(response, endpoint, options.Value.ApiKey, Attempts);
            }

            using var body = await ReadBodyAsync(response, endpoint, ct).ConfigureAwait(false);
            var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
            if (mediaType.Contains("html", StringComparison.OrdinalIgnoreCase) || (body.Length > 0 && body.Memory.Span[0] == (byte)'<'))
            {
                throw new BambooHrException(
                    "invalid_response",
                    $"BambooHR {endpoint} answered {(int)response.StatusCode} with an HTML/XML page ({(mediaType.Length == 0 ? "no content type" : mediaType)}), not JSON. " +
                    "Check BambooHr:BaseUrl is the API root (https://{company}.bamboohr.com/api/ or .../api/gateway.php/{company}/), not the web login.",
                    (int)response.StatusCode);
            }

            return parse(body.Memory);
        }
    }

    private async Task<PooledBody> ReadBodyAsync(HttpResponseMessage response, string endpoint, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(options.Value.Timeout);
        try
        {
            return await PooledBody.ReadAsync(response.Content, http.MaxResponseContentBufferSize, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new BambooHrException(
                "timeout",
                $"BambooHR {endpoint} sent its headers but not the whole body within {options.Value.Timeout.TotalSeconds:0.#} s. Check BambooHR's status page, or raise BambooHr:Timeout.",
                (int)response.StatusCode,
                ex);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            throw new BambooHrException(
                "unreachable",
                $"BambooHR {endpoint} sent its headers, then the connection broke before the whole body arrived. Nothing was synced from this answer; run again, and check network access to BambooHr:BaseUrl if it persists.",
                (int)response.StatusCode,
                ex);
        }
        catch (InvalidDataException ex)
        {
            throw new BambooHrException(
                "invalid_response",
                $"BambooHR {endpoint} answered {(int)response.StatusCode} but {ex.Message}. Nothing was synced from this answer; report it.",
                (int)response.StatusCode,
                ex);
        }
    }
}
