using System.Text;
using System.Text.Json.Nodes;
using Pipeline.Contracts;

namespace Pipeline.Queue.Tests;

/// <summary>
/// Sits in the SQS client's HTTP pipeline in front of the real emulator and makes SQS report one message's batch
/// entry as failed (SenderFault false), the way SQS does under partial outages: the emulator cannot be made to.
/// The entry is withheld from the emulator, so it only reaches the queue when the publisher retries it.
/// </summary>
internal sealed class EntryFaultInjector(string employeeId, int failTimes, string code) : DelegatingHandler(new HttpClientHandler())
{
    private int _injected;

    public int Injected => Volatile.Read(ref _injected);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is null
            || !request.Headers.TryGetValues("X-Amz-Target", out var targets)
            || !targets.Contains("AmazonSQS.SendMessageBatch"))
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var contentType = request.Content.Headers.ContentType;
        var json = JsonNode.Parse(await request.Content.ReadAsStringAsync(cancellationToken))!;
        var entries = json["Entries"]!.AsArray();
        var victim = entries.FirstOrDefault(e => (string?)e!["MessageAttributes"]?[MessageAttributes.EmployeeId]?["StringValue"] == employeeId);
        if (victim is null || Interlocked.Increment(ref _injected) > failTimes)
        {
            if (victim is not null)
            {
                Interlocked.Decrement(ref _injected);
            }

            request.Content = Copy(json.ToJsonString(), contentType);
            return await base.SendAsync(request, cancellationToken);
        }

        var victimId = (string)victim["Id"]!;
        entries.Remove(victim);
        HttpResponseMessage response;
        if (entries.Count == 0)
        {
            response = new HttpResponseMessage(System.Net.HttpStatusCode.OK)
            {
                Content = Copy("""{"Successful":[],"Failed":[]}""", contentType),
            };
        }
        else
        {
            request.Content = Copy(json.ToJsonString(), contentType);
            response = await base.SendAsync(request, cancellationToken);
        }

        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
        (answer["Failed"] ??= new JsonArray()).AsArray().Add(new JsonObject
        {
            ["Id"] = victimId,
            ["SenderFault"] = false,
            ["Code"] = code,
            ["Message"] = "injected by the test",
        });
        var replaced = Copy(answer.ToJsonString(), response.Content.Headers.ContentType);
        response.Content.Dispose();
        response.Content = replaced;
        return response;
    }

    private static StringContent Copy(string text, System.Net.Http.Headers.MediaTypeHeaderValue? type)
    {
        var content = new StringContent(text, Encoding.UTF8);
        content.Headers.ContentType = type;
        return content;
    }
}
