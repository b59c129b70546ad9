using System.Globalization;
using System.Net;
using System.Text;

namespace Pipeline.Queue.Tests.Direct;

/// <summary>
/// A mock SQS endpoint with its own clock: like SQS, it refuses a request dated more than 5 minutes from that clock
/// (403 with its Date header), and answers the rest with an empty SendMessageBatch result, or with
/// <paramref name="refuseAll"/> a refusal anyway (credentials it does not know).
/// </summary>
internal sealed class SkewedClockServer(DateTimeOffset clock, bool refuseAll = false) : HttpMessageHandler
{
    public List<string> RequestDates { get; } = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var dated = request.Headers.GetValues("X-Amz-Date").Single();
        RequestDates.Add(dated);
        var signedAt = DateTimeOffset.ParseExact(dated, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var response = refuseAll || (signedAt - clock).Duration() > TimeSpan.FromMinutes(5)
            ? new HttpResponseMessage(HttpStatusCode.Forbidden)
            {
                Content = new StringContent("""{"__type":"com.amazon.coral.service#InvalidSignatureException","message":"Signature expired"}""", Encoding.UTF8),
            }
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"Successful":[],"Failed":[]}""", Encoding.UTF8) };
        response.Headers.Date = clock;
        return Task.FromResult(response);
    }
}
