using System.Text;
using System.Text.Json.Nodes;

namespace Pipeline.Queue.Tests;

/// <summary>
/// Lets SendMessageBatch calls reach the real emulator, then garbles the MD5 of the first entry in the first
/// <paramref name="corruptTimes"/> answers: the messages are on the queue, but the SDK refuses the answer, as it would
/// if a proxy or a flaky connection damaged it. The emulator cannot be made to do this itself.
/// </summary>
internal sealed class AnswerCorruptingHandler(int corruptTimes) : DelegatingHandler(new HttpClientHandler())
{
    private int _batchCalls;

    public int BatchCalls => Volatile.Read(ref _batchCalls);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (!request.Headers.TryGetValues("X-Amz-Target", out var targets) || !targets.Contains("AmazonSQS.SendMessageBatch"))
        {
            return response;
        }

        if (Interlocked.Increment(ref _batchCalls) > corruptTimes)
        {
            return response;
        }

        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
        answer["Successful"]![0]!["MD5OfMessageBody"] = new string('0', 32);
        var replaced = new StringContent(answer.ToJsonString(), Encoding.UTF8);
        replaced.Headers.ContentType = response.Content.Headers.ContentType;
        response.Content.Dispose();
        response.Content = replaced;
        return response;
    }
}
