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

    [Theory]
    [InlineData("ThrottlingException", HttpStatusCode.BadRequest, false)]
    [InlineData("AWS.SimpleQueueService.BatchRequestTooLong", HttpStatusCode.BadRequest, false)]
    [InlineData("InternalError", HttpStatusCode.InternalServerError, true)]
    [InlineData("ServiceUnavailable", HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(null, HttpStatusCode.OK, true)] // an answer the SDK could not read or whose MD5 did not match
    public void Only_a_clear_refusal_rules_out_that_SQS_carried_the_call_out(string? code, HttpStatusCode status, bool mayHaveBeenApplied) =>
        Assert.Equal(mayHaveBeenApplied, SqsErrors.MayHaveBeenApplied(new AmazonSQSException("x", null, ErrorType.Unknown, code, "r", status)));

    [Fact]
    public void Dropped_connections_and_timeouts_may_have_been_carried_out()
    {
        Assert.True(SqsErrors.MayHaveBeenApplied(new IOException("connection reset")));
        Assert.True(SqsErrors.MayHaveBeenApplied(new TaskCanceledException("HTTP timeout")));
    }

    [Fact]
    public void A_2xx_answer_the_SDK_refused_is_an_unclear_answer_and_a_4xx_is_not()
    {
        Assert.True(SqsErrors.IsUnclearAnswer(new AmazonSQSException("MD5 hash mismatch")));
        Assert.False(SqsErrors.IsUnclearAnswer(new AmazonSQSException("bad", null, ErrorType.Sender, "InvalidParameterValue", "r", HttpStatusCode.BadRequest)));
    }
}
