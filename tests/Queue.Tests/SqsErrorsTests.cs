using System.Net;
using Amazon.Runtime;
using Amazon.SQS;

namespace Pipeline.Queue.Tests;

// Access denied cannot be provoked on the emulator (it accepts any credentials), so the SDK's exception is built by hand.
public sealed class SqsErrorsTests
{
    [Fact]
    public void Access_denied_names_the_action_the_queue_and_the_config_key()
    {
        var denied = new AmazonSQSException("not authorized", null, ErrorType.Sender, "AccessDenied", "req-1", HttpStatusCode.Forbidden);

        var error = SqsErrors.ToOperatorError(denied, "SendMessageBatch", "https://sqs.eu-west-2.amazonaws.com/1/q", "Queue__QueueUrl");

        Assert.NotNull(error);
        Assert.Contains("sqs:SendMessageBatch", error.Message, StringComparison.Ordinal);
        Assert.Contains("https://sqs.eu-west-2.amazonaws.com/1/q", error.Message, StringComparison.Ordinal);
        Assert.Contains("Queue__QueueUrl", error.Message, StringComparison.Ordinal);
        Assert.Same(denied, error.InnerException);
    }

    [Fact]
    public void Other_service_errors_are_left_to_the_caller()
    {
        var invalid = new AmazonSQSException("bad", null, ErrorType.Sender, "InvalidParameterValue", "req-2", HttpStatusCode.BadRequest);

        Assert.Null(SqsErrors.ToOperatorError(invalid, "SendMessage", "q", "Queue__QueueUrl"));
        Assert.False(SqsErrors.IsTransient(invalid, CancellationToken.None));
    }

    [Theory]
    [InlineData("ThrottlingException", HttpStatusCode.BadRequest)]
    [InlineData("InternalError", HttpStatusCode.InternalServerError)]
    [InlineData("ServiceUnavailable", HttpStatusCode.ServiceUnavailable)]
    public void Throttling_and_server_errors_are_transient(string code, HttpStatusCode status) =>
        Assert.True(SqsErrors.IsTransient(new AmazonSQSException("x", null, ErrorType.Unknown, code, "r", status), CancellationToken.None));

    [Fact]
    public void Our_own_cancellation_is_not_mistaken_for_a_timeout()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.False(SqsErrors.IsTransient(new OperationCanceledException(cts.Token), cts.Token));
        Assert.True(SqsErrors.IsTransient(new TaskCanceledException("HTTP timeout"), CancellationToken.None));
    }
}
