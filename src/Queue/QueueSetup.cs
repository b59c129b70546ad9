using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace Pipeline.Queue;

/// <summary>
/// Creates the queue and its DLQ where nothing provisions them (the local emulators: <c>pipeline local-setup</c> and the
/// local-stack harness). In AWS both come from Terraform (deploy/terraform/modules/queue), in the same shape: the DLQ
/// keeps messages 14 days, the queue moves a message there after <c>maxReceiveCount</c> receives.
/// </summary>
public static class QueueSetup
{
    /// <summary>Creates NAME-dlq and NAME (or finds them, if they exist with the same attributes).</summary>
    public static async Task<(string QueueUrl, string DeadLetterQueueUrl)> EnsureCreatedAsync(
        IAmazonSQS sqs, string name, int maxReceiveCount, int visibilityTimeoutSeconds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sqs);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var dlq = await sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = name + "-dlq",
            Attributes = new Dictionary<string, string> { ["MessageRetentionPeriod"] = "1209600" },
        }, ct).ConfigureAwait(false);
        var dlqArn = (await sqs.GetQueueAttributesAsync(dlq.QueueUrl, ["QueueArn"], ct).ConfigureAwait(false)).Attributes["QueueArn"];
        var queue = await sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = name,
            Attributes = new Dictionary<string, string>
            {
                ["VisibilityTimeout"] = visibilityTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
                ["RedrivePolicy"] = $$"""{"deadLetterTargetArn":"{{dlqArn}}","maxReceiveCount":{{maxReceiveCount.ToString(CultureInfo.InvariantCulture)}}}""",
            },
        }, ct).ConfigureAwait(false);
        return (queue.QueueUrl, dlq.QueueUrl);
    }
}
