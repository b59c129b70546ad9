using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.Runtime.Endpoints;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace Pipeline.Queue;

/// <summary>
/// SendMessageBatch over HttpClient in SQS's JSON protocol, signed with SigV4, with the SDK client's own endpoint,
/// region and credentials. The SDK's generic request pipeline spent ~20 µs of CPU and allocated ~5 KB per message
/// sent (docs/performance.md); this path does the same work (sign, send, check the MD5s SQS returns) for a fraction,
/// and the producer spends most of its CPU here. Everything else (receive, delete, DLQ, counts) stays on the SDK.
/// Errors are thrown as <see cref="AmazonSQSException"/> with the code and status SQS returned, as the SDK would.
/// </summary>
public sealed class DirectSqsBatchSender : ISqsBatchSender
{
    public const string HttpClientName = "sqs-send";

    private const string Target = "AmazonSQS.SendMessageBatch";
    private const string ContentType = "application/x-amz-json-1.0";
    private const int BufferPoolLimit = 32;

    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly string _host;
    private readonly SigV4 _signer;
    private readonly Lazy<AWSCredentials> _credentials;
    private readonly TimeProvider _time;
    private readonly ConcurrentQueue<ArrayBufferWriter<byte>> _buffers = new();

    // SQS refuses signatures dated more than 5 minutes from its clock; past that, requests are dated on SQS's clock.
    private static readonly TimeSpan ClockSkewTolerance = TimeSpan.FromMinutes(5);
    private long _clockSkewTicks;

    public DirectSqsBatchSender(HttpClient http, Uri endpoint, string region, AWSCredentials credentials, TimeProvider time)
        : this(http, endpoint, region, new Lazy<AWSCredentials>(credentials), time)
    {
    }

    private DirectSqsBatchSender(HttpClient http, Uri endpoint, string region, Lazy<AWSCredentials> credentials, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        _http = http;
        _endpoint = endpoint;
        _host = endpoint.IsDefaultPort ? endpoint.IdnHost : $"{endpoint.IdnHost}:{endpoint.Port}";
        _signer = new SigV4(region, "sqs");
        _credentials = credentials;
        _time = time;
    }

    public Uri Endpoint => _endpoint;

    public string Region => _signer.Region;

    /// <summary>
    /// A sender that talks to the same endpoint, in the same region, with the same credentials as <paramref name="sqs"/>;
    /// null when those cannot be read from it (not the SDK's client, or no region), so the caller keeps the SDK path.
    /// </summary>
    public static DirectSqsBatchSender? TryCreate(IAmazonSQS sqs, HttpClient http, TimeProvider time)
    {
        if (sqs is not AmazonServiceClient { Config: ClientConfig config })
        {
            return null;
        }

        var region = config.AuthenticationRegion ?? config.RegionEndpoint?.SystemName;
        if (string.IsNullOrEmpty(region))
        {
            return null;
        }

        var endpoint = config.DetermineServiceOperationEndpoint(new ServiceOperationEndpointParameters(new SendMessageBatchRequest()));
        if (endpoint?.URL is not { Length: > 0 } url || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return null;
        }

        if (config.Timeout is { } timeout)
        {
            http.Timeout = timeout;
        }

        // Resolved at the first send, as the SDK does: a machine without credentials fails there, with the SDK's message.
        var credentials = new Lazy<AWSCredentials>(() => config.DefaultAWSCredentials ?? DefaultAWSCredentialsIdentityResolver.GetCredentials(config));
        return new DirectSqsBatchSender(http, uri, region, credentials, time);
    }

    public async Task<SendMessageBatchResponse> SendAsync(string queueUrl, IReadOnlyList<OutgoingMessage> messages, IReadOnlyList<int> indices, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(indices);
        var credentials = await _credentials.Value.GetCredentialsAsync().ConfigureAwait(false);
        if (!_buffers.TryDequeue(out var payload))
        {
            payload = new ArrayBufferWriter<byte>(16 * 1024);
        }

        // The buffer goes back to the pool only once an answer has been read: after a timeout or a reset the handler
        // may still be reading it for a connection being torn down.
        var answered = false;
        try
        {
            SqsBatchJson.WriteRequest(queueUrl, messages, indices, payload);
            for (var attempt = 1; ; attempt++)
            {
                answered = false;
                using var message = Sign(payload.WrittenMemory, credentials);
                using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
                var body = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
                answered = true;
                var requestId = Header(response, "x-amzn-RequestId");
                if (!response.IsSuccessStatusCode)
                {
                    // As the SDK does: a refusal from a server whose clock is far from ours is signed again, once, on its clock.
                    if (attempt == 1 && LearnClockSkew(response))
                    {
                        continue;
                    }

                    throw Refused(response, body, requestId);
                }

                SendMessageBatchResponse result;
                try
                {
                    result = SqsBatchJson.ReadResponse(body);
                }
                catch (JsonException ex)
                {
                    throw new AmazonSQSException($"SQS answered SendMessageBatch with {(int)response.StatusCode} and a body that is not its JSON answer.", ex,
                        ErrorType.Unknown, "UnreadableAnswer", requestId, response.StatusCode);
                }

                CheckDigests(messages, indices, result, requestId, response.StatusCode);
                result.HttpStatusCode = response.StatusCode;
                result.ResponseMetadata = new ResponseMetadata { RequestId = requestId };
                return result;
            }
        }
        finally
        {
            if (answered && _buffers.Count < BufferPoolLimit)
            {
                payload.ResetWrittenCount();
                _buffers.Enqueue(payload);
            }
        }
    }

    private HttpRequestMessage Sign(ReadOnlyMemory<byte> payload, ImmutableCredentials credentials)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(payload.Span, hash);
        var now = _time.GetUtcNow().UtcDateTime + TimeSpan.FromTicks(Interlocked.Read(ref _clockSkewTicks));
        var amzDate = SigV4.AmzDate(now);
        var token = credentials.UseToken ? credentials.Token : null;
        (string, string)[] headers = token is null
            ? [("content-type", ContentType), ("host", _host), ("x-amz-date", amzDate), ("x-amz-target", Target), ("x-amzn-query-mode", "true")]
            : [("content-type", ContentType), ("host", _host), ("x-amz-date", amzDate), ("x-amz-security-token", token), ("x-amz-target", Target), ("x-amzn-query-mode", "true")];
        var authorization = _signer.Authorization(credentials.AccessKey, credentials.SecretKey, now, "POST", _endpoint.AbsolutePath, headers, SigV4.Hex(hash));

        var message = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new ReadOnlyMemoryContent(payload) };
        message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        message.Headers.TryAddWithoutValidation("X-Amz-Target", Target);
        message.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        message.Headers.TryAddWithoutValidation("x-amzn-query-mode", "true"); // errors also carry the query-protocol codes the SDK reports
        if (token is not null)
        {
            message.Headers.TryAddWithoutValidation("X-Amz-Security-Token", token);
        }

        message.Headers.TryAddWithoutValidation("Authorization", authorization);
        return message;
    }

    /// <summary>
    /// True when a refused request was dated far from SQS's clock (its <c>Date</c> header) and the correction changed:
    /// the request is worth signing again. A machine whose clock drifted keeps publishing instead of failing the run.
    /// </summary>
    private bool LearnClockSkew(HttpResponseMessage response)
    {
        if ((int)response.StatusCode is not (400 or 403) || response.Headers.Date is not { } server)
        {
            return false;
        }

        var skew = server - _time.GetUtcNow();
        var current = TimeSpan.FromTicks(Interlocked.Read(ref _clockSkewTicks));
        if ((skew - current).Duration() <= ClockSkewTolerance)
        {
            return false;
        }

        Interlocked.Exchange(ref _clockSkewTicks, skew.Ticks);
        return true;
    }

    /// <summary>
    /// SQS's error in the SDK's terms. SQS sends the query-protocol code ("AWS.SimpleQueueService.NonExistentQueue;Sender")
    /// in <c>x-amzn-query-error</c>; the JSON body names the JSON one ("QueueDoesNotExist").
    /// </summary>
    private static AmazonSQSException Refused(HttpResponseMessage response, byte[] body, string? requestId)
    {
        var (code, text) = SqsBatchJson.ReadError(body);
        var type = (int)response.StatusCode >= 500 ? ErrorType.Receiver : ErrorType.Sender;
        if (Header(response, "x-amzn-query-error") is { Length: > 0 } query)
        {
            var semicolon = query.IndexOf(';', StringComparison.Ordinal);
            code = semicolon > 0 ? query[..semicolon] : query;
            if (semicolon > 0 && Enum.TryParse<ErrorType>(query[(semicolon + 1)..], ignoreCase: true, out var fault))
            {
                type = fault;
            }
        }

        code ??= response.StatusCode.ToString();
        return new AmazonSQSException(text ?? $"SQS refused SendMessageBatch with HTTP {(int)response.StatusCode} ({code}).", type, code, requestId, response.StatusCode);
    }

    /// <summary>
    /// The SDK's check, kept: SQS returns the MD5 of each body and attribute set it stored; a mismatch means the answer
    /// or the message was damaged on the way, and the batch is resent (possibly duplicating, which consumers absorb).
    /// </summary>
    private static void CheckDigests(IReadOnlyList<OutgoingMessage> messages, IReadOnlyList<int> indices, SendMessageBatchResponse response, string? requestId, HttpStatusCode status)
    {
        foreach (var ok in response.Successful)
        {
            if (!BatchEntries.TryPosition(ok.Id, indices.Count, out var position))
            {
                continue; // the publisher treats an unknown id as not sent
            }

            var message = messages[indices[position]];
            var bodyOk = ok.MD5OfMessageBody is null || string.Equals(ok.MD5OfMessageBody, SqsMd5.OfBody(message.Body), StringComparison.OrdinalIgnoreCase);
            var attributesOk = ok.MD5OfMessageAttributes is null || string.Equals(ok.MD5OfMessageAttributes, SqsMd5.OfAttributes(message.Attributes), StringComparison.OrdinalIgnoreCase);
            if (!bodyOk || !attributesOk)
            {
                throw new AmazonSQSException(
                    $"SQS's answer to SendMessageBatch carries an MD5 that does not match entry {ok.Id}'s {(bodyOk ? "attributes" : "body")}: the answer or the message was damaged on the way.",
                    ErrorType.Unknown, "MD5Mismatch", requestId, status);
            }
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
