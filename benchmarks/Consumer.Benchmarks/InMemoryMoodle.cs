using System.Net;
using System.Text;

namespace Pipeline.Consumer.Benchmarks;

/// <summary>
/// Stands in for the network: reads the whole request body (so the client's form encoding really runs) and answers
/// with a canned Moodle reply. Nothing leaves the process, so only the consumer's own CPU is measured.
/// </summary>
internal sealed class InMemoryMoodle(byte[] reply) : HttpMessageHandler
{
    public long BytesSent { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        BytesSent += body.Length;
        return new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new ByteArrayContent(reply) { Headers = { ContentType = new("application/json") { CharSet = "utf-8" } } },
        };
    }

    public static byte[] CreatedReply(int count) =>
        Encoding.UTF8.GetBytes("[" + string.Join(',', Enumerable.Range(0, count).Select(i => $$"""{"id":{{i + 2}},"username":"u{{i}}"}""")) + "]");

    public static byte[] UpdatedReply() => Encoding.UTF8.GetBytes("""{"warnings":[]}""");
}
