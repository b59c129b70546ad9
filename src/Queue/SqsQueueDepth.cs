using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Options;

namespace Pipeline.Queue;

public sealed class SqsQueueDepth(IAmazonSQS sqs, IOptions<QueueOptions> options) : IQueueDepth
{
    private const string Visible = "ApproximateNumberOfMessages";
    private const string InFlight = "ApproximateNumberOfMessagesNotVisible";
    private const string Delayed = "ApproximateNumberOfMessagesDelayed";

    public async Task<QueueCounts> GetCountsAsync(string queueUrl, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(queueUrl);
        GetQueueAttributesResponse response;
        try
        {
            response = await sqs.GetQueueAttributesAsync(
                new GetQueueAttributesRequest { QueueUrl = queueUrl, AttributeNames = [Visible, InFlight, Delayed] },
                ct).ConfigureAwait(false);
        }
        catch (AmazonSQSException ex) when (SqsErrors.ToOperatorError(ex, "GetQueueAttributes", queueUrl, ConfigKeyFor(queueUrl)) is { } operatorError)
        {
            throw operatorError;
        }

        var attributes = response.Attributes ?? [];
        return new QueueCounts(Read(attributes, Visible, queueUrl), Read(attributes, InFlight, queueUrl), Read(attributes, Delayed, queueUrl));
    }

    private string ConfigKeyFor(string queueUrl)
    {
        var o = options.Value;
        return queueUrl == o.DeadLetterQueueUrl ? "Queue__DeadLetterQueueUrl"
            : queueUrl == o.QueueUrl ? "Queue__QueueUrl"
            : "Queue__QueueUrl / Queue__DeadLetterQueueUrl";
    }

    // A missing count would read as "empty" and could end a drain early: refuse instead.
    private static long Read(Dictionary<string, string> attributes, string name, string queueUrl) =>
        attributes.TryGetValue(name, out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidOperationException($"SQS GetQueueAttributes for '{queueUrl}' did not return {name}; cannot tell how many messages it holds.");
}
