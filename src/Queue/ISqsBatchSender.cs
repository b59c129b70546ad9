using Amazon.SQS;
using Amazon.SQS.Model;

namespace Pipeline.Queue;

/// <summary>One SendMessageBatch call. Errors are thrown as the SDK throws them, so callers classify them one way.</summary>
public interface ISqsBatchSender
{
    Task<SendMessageBatchResponse> SendMessageBatchAsync(SendMessageBatchRequest request, CancellationToken ct);
}

/// <summary>Through the AWS SDK's client (<c>Queue__PublishClient=Sdk</c>, and wherever the direct sender cannot be set up).</summary>
public sealed class SdkBatchSender(IAmazonSQS sqs) : ISqsBatchSender
{
    public Task<SendMessageBatchResponse> SendMessageBatchAsync(SendMessageBatchRequest request, CancellationToken ct) =>
        sqs.SendMessageBatchAsync(request, ct);
}
