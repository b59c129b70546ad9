using System.Net;
using System.Text;

namespace Pipeline.Queue.Tests.Direct;

/// <summary>Records the one request an SDK client sends and answers it with an empty SendMessageBatch result.</summary>
internal sealed class RecordingHandler : HttpMessageHandler
{
    public HttpRequestMessage? Request { get; private set; }

    public byte[] Body { get; private set; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Request = request;
        Body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        return new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent("""{"Successful":[],"Failed":[]}""", Encoding.UTF8, "application/x-amz-json-1.0"),
        };
    }
}
