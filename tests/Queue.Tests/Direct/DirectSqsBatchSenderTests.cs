using System.Net;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace Pipeline.Queue.Tests.Direct;

/// <summary>
/// What the direct sender puts on the wire and how it reads SQS's refusals. The emulator tests (PublisherTests) cover
/// sending for real; these use a recording or canned HTTP handler (a mock) for what the emulator cannot show.
/// </summary>
public sealed class DirectSqsBatchSenderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 3, 0, 7, TimeSpan.Zero);

    [Fact]
    public async Task Its_request_is_signed_over_exactly_the_headers_and_body_it_sends_with_the_http_recorded()
    {
        var recorder = new RecordingHandler();
        var sender = new DirectSqsBatchSender(new HttpClient(recorder), new Uri("https://sqs.eu-west-2.amazonaws.com/"), "eu-west-2",
            new SessionAWSCredentials("AKIDEXAMPLE", "secret", "token/+="), new FixedTime(Now));

        await Send(sender);

        var request = recorder.Request!;
        var authorization = Header(request, "Authorization");
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261123/eu-west-2/sqs/aws4_request, SignedHeaders=", authorization, StringComparison.Ordinal);
        var signed = authorization.Split("SignedHeaders=")[1].Split(',')[0].Split(';');
        Assert.Equal(["content-type", "host", "x-amz-date", "x-amz-security-token", "x-amz-target", "x-amzn-query-mode"], signed);
        var headers = signed.Select(n => (n, n == "host" ? request.RequestUri!.Authority : Header(request, n))).ToList();
        var expected = new SigV4("eu-west-2", "sqs").Authorization("AKIDEXAMPLE", "secret", Now.UtcDateTime, "POST", "/", headers, SigV4.Hex(SHA256.HashData(recorder.Body)));
        Assert.Equal(expected, authorization);
        Assert.Equal(("POST", "20261123T030007Z", "AmazonSQS.SendMessageBatch"), (request.Method.Method, Header(request, "X-Amz-Date"), Header(request, "X-Amz-Target")));
    }

    [Fact]
    public async Task The_body_is_the_SQS_JSON_request_the_SDK_would_send()
    {
        var recorder = new RecordingHandler();
        var sender = new DirectSqsBatchSender(new HttpClient(recorder), new Uri("http://127.0.0.1:4566/"), "eu-west-2",
            new BasicAWSCredentials("a", "b"), new FixedTime(Now));

        await Send(sender);

        using var json = System.Text.Json.JsonDocument.Parse(recorder.Body);
        var root = json.RootElement;
        Assert.Equal("https://sqs.eu-west-2.amazonaws.com/123456789012/hr-sync", root.GetProperty("QueueUrl").GetString());
        var entry = Assert.Single(root.GetProperty("Entries").EnumerateArray());
        Assert.Equal("""{"employee_id":"42","note":"a \"quoted\" Zoë"}""", entry.GetProperty("MessageBody").GetString());
        Assert.Equal("42", entry.GetProperty("MessageAttributes").GetProperty("employee_id").GetProperty("StringValue").GetString());
        Assert.Equal("String", entry.GetProperty("MessageAttributes").GetProperty("employee_id").GetProperty("DataType").GetString());
        Assert.False(entry.GetProperty("MessageAttributes").TryGetProperty("traceparent", out _)); // SQS refuses empty values
        Assert.Equal("0", entry.GetProperty("Id").GetString());
    }

    // test.sh exports AWS_ENDPOINT_URL_SQS for the emulators; the regional client must not read it.
    [Fact]
    public void It_uses_the_SDK_clients_regional_endpoint_or_its_configured_one_and_keeps_the_SDK_path_without_a_region()
    {
        using var regional = new AmazonSQSClient(new AmazonSQSConfig { RegionEndpoint = Amazon.RegionEndpoint.EUWest2, IgnoreConfiguredEndpointUrls = true, DefaultAWSCredentials = new BasicAWSCredentials("a", "b") });
        using var local = new AmazonSQSClient(new AmazonSQSConfig { ServiceURL = "http://127.0.0.1:4566", AuthenticationRegion = "eu-west-2", DefaultAWSCredentials = new BasicAWSCredentials("a", "b") });
        using var regionless = new AmazonSQSClient(new AmazonSQSConfig { ServiceURL = "http://127.0.0.1:4566", DefaultAWSCredentials = new BasicAWSCredentials("a", "b") });

        var toAws = DirectSqsBatchSender.TryCreate(regional, new HttpClient(), TimeProvider.System);
        var toEmulator = DirectSqsBatchSender.TryCreate(local, new HttpClient(), TimeProvider.System);

        Assert.Equal(("https://sqs.eu-west-2.amazonaws.com/", "eu-west-2"), (toAws?.Endpoint.ToString(), toAws?.Region));
        Assert.Equal(("http://127.0.0.1:4566/", "eu-west-2"), (toEmulator?.Endpoint.ToString(), toEmulator?.Region));
        Assert.Null(DirectSqsBatchSender.TryCreate(regionless, new HttpClient(), TimeProvider.System));
    }

    [Fact]
    public async Task A_refusal_carries_the_query_protocol_code_status_and_fault_as_the_SDK_reports_them_with_a_canned_answer()
    {
        var sender = Answering(HttpStatusCode.BadRequest, """{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"The specified queue does not exist."}""",
            ("x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender"), ("x-amzn-RequestId", "req-1"));

        var error = await Assert.ThrowsAsync<AmazonSQSException>(() => Send(sender));

        Assert.Equal(("AWS.SimpleQueueService.NonExistentQueue", HttpStatusCode.BadRequest, ErrorType.Sender, "req-1", "The specified queue does not exist."),
            (error.ErrorCode, error.StatusCode, error.ErrorType, error.RequestId, error.Message));
        Assert.NotNull(SqsErrors.ToOperatorError(error, "SendMessageBatch", "q", "Queue__QueueUrl"));
    }

    [Fact]
    public async Task A_refusal_without_a_JSON_body_is_classified_by_its_status_with_a_canned_answer()
    {
        var sender = Answering(HttpStatusCode.ServiceUnavailable, "<html>busy</html>");

        var error = await Assert.ThrowsAsync<AmazonSQSException>(() => Send(sender));

        Assert.Equal(("ServiceUnavailable", ErrorType.Receiver), (error.ErrorCode, error.ErrorType));
        Assert.True(SqsErrors.IsTransient(error, CancellationToken.None));
    }

    [Fact]
    public async Task A_throttling_refusal_in_the_JSON_body_alone_is_transient_with_a_canned_answer()
    {
        var sender = Answering(HttpStatusCode.BadRequest, """{"__type":"com.amazonaws.sqs#RequestThrottled","message":"Rate exceeded"}""");

        var error = await Assert.ThrowsAsync<AmazonSQSException>(() => Send(sender));

        Assert.Equal("RequestThrottled", error.ErrorCode);
        Assert.True(SqsErrors.IsTransient(error, CancellationToken.None));
    }

    [Fact]
    public async Task A_refusal_from_a_server_whose_clock_is_an_hour_ahead_is_signed_again_on_its_clock_and_later_sends_keep_it_with_a_mock_server()
    {
        var server = new SkewedClockServer(Now.AddHours(1));
        var sender = new DirectSqsBatchSender(new HttpClient(server), new Uri("https://sqs.eu-west-2.amazonaws.com/"), "eu-west-2",
            new BasicAWSCredentials("a", "b"), new FixedTime(Now));

        await Send(sender);
        await Send(sender);

        Assert.Equal(["20261123T030007Z", "20261123T040007Z", "20261123T040007Z"], server.RequestDates);
    }

    [Fact]
    public async Task A_refusal_is_signed_again_at_most_once_and_not_at_all_when_the_clocks_agree_with_a_mock_server()
    {
        var skewed = new SkewedClockServer(Now.AddHours(-1), refuseAll: true);
        var agreeing = new SkewedClockServer(Now.AddMinutes(2), refuseAll: true);

        var afterResigning = await Assert.ThrowsAsync<AmazonSQSException>(() => Send(new DirectSqsBatchSender(new HttpClient(skewed),
            new Uri("https://sqs.eu-west-2.amazonaws.com/"), "eu-west-2", new BasicAWSCredentials("a", "b"), new FixedTime(Now))));
        var atOnce = await Assert.ThrowsAsync<AmazonSQSException>(() => Send(new DirectSqsBatchSender(new HttpClient(agreeing),
            new Uri("https://sqs.eu-west-2.amazonaws.com/"), "eu-west-2", new BasicAWSCredentials("a", "b"), new FixedTime(Now))));

        Assert.Equal(["20261123T030007Z", "20261123T020007Z"], skewed.RequestDates);
        Assert.Equal(["20261123T030007Z"], agreeing.RequestDates);
        Assert.Equal(("InvalidSignatureException", HttpStatusCode.Forbidden), (afterResigning.ErrorCode, afterResigning.StatusCode));
        Assert.Equal("InvalidSignatureException", atOnce.ErrorCode);
    }

    private static DirectSqsBatchSender Answering(HttpStatusCode status, string body, params (string Name, string Value)[] headers) =>
        new(new HttpClient(new CannedHandler(status, body, headers)), new Uri("https://sqs.eu-west-2.amazonaws.com/"), "eu-west-2",
            new BasicAWSCredentials("a", "b"), new FixedTime(Now));

    private static Task<SendMessageBatchResponse> Send(DirectSqsBatchSender sender) => sender.SendAsync(
        "https://sqs.eu-west-2.amazonaws.com/123456789012/hr-sync",
        [new OutgoingMessage("42", """{"employee_id":"42","note":"a \"quoted\" Zoë"}""", new Dictionary<string, string> { ["employee_id"] = "42", ["traceparent"] = "" })],
        [0],
        CancellationToken.None);

    private static string Header(HttpRequestMessage request, string name) =>
        string.Join(",", request.Headers.TryGetValues(name, out var h) ? h : request.Content!.Headers.GetValues(name));

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private sealed class CannedHandler(HttpStatusCode status, string body, (string Name, string Value)[] headers) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8) };
            foreach (var (name, value) in headers)
            {
                response.Headers.TryAddWithoutValidation(name, value);
            }

            return Task.FromResult(response);
        }
    }
}
