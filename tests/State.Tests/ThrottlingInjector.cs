using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Pipeline.State.Tests;

/// <summary>
/// Sits in the DynamoDB client's HTTP pipeline in front of the real emulator and makes BatchGetItem answer as a throttled
/// table does, which the emulator cannot be made to: either the first key is read and the rest come back as
/// UnprocessedKeys, or the call is refused with an error code of the test's choosing.
/// </summary>
internal sealed class ThrottlingInjector(int times, string? errorCode = null) : DelegatingHandler(new HttpClientHandler())
{
    private const string JsonType = "application/x-amz-json-1.0";

    private int _batchGets;

    public int BatchGets => Volatile.Read(ref _batchGets);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is null
            || !request.Headers.TryGetValues("X-Amz-Target", out var targets)
            || !targets.Contains("DynamoDB_20120810.BatchGetItem"))
        {
            return await base.SendAsync(request, cancellationToken);
        }

        if (Interlocked.Increment(ref _batchGets) > times)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        if (errorCode is not null)
        {
            return Json(HttpStatusCode.BadRequest, $$"""{"__type":"com.amazonaws.dynamodb.v20120810#{{errorCode}}","message":"injected by the test"}""");
        }

        // Forward only the first key of each table; hand the others back as unprocessed.
        var json = JsonNode.Parse(await request.Content.ReadAsStringAsync(cancellationToken))!;
        var unprocessed = new JsonObject();
        foreach (var (table, keysAndAttributes) in json["RequestItems"]!.AsObject())
        {
            var keys = keysAndAttributes!["Keys"]!.AsArray();
            if (keys.Count < 2)
            {
                continue;
            }

            var rest = keysAndAttributes.DeepClone();
            rest["Keys"]!.AsArray().RemoveAt(0);
            unprocessed[table] = rest;
            while (keys.Count > 1)
            {
                keys.RemoveAt(1);
            }
        }

        request.Content = new StringContent(json.ToJsonString(), Encoding.UTF8);
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(JsonType);
        using var response = await base.SendAsync(request, cancellationToken);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
        answer["UnprocessedKeys"] = unprocessed;
        return Json(response.StatusCode, answer.ToJsonString());
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string body)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(JsonType);
        return new HttpResponseMessage(status) { Content = content };
    }
}
