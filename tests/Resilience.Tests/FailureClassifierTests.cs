using System.Net;
using Polly;
using Polly.Timeout;

namespace Pipeline.Resilience.Tests;

/// <summary>The one failure table, service by service, as each service's own answers look.</summary>
public sealed class FailureClassifierTests
{
    [Theory]
    [InlineData("dml_write_exception", "dmlwriteexception", FailureKind.Transient)]
    [InlineData("dml_read_exception", "dmlreadexception", FailureKind.Transient)]
    [InlineData("dml_connection_exception", "dbconnectionfailed", FailureKind.Transient)]
    [InlineData(@"core\exception\moodle_exception", "sitemaintenance", FailureKind.Transient)]
    [InlineData("dml_transaction_exception", "some_new_code", FailureKind.Transient)] // the class alone says database
    [InlineData(@"core\exception\moodle_exception", "invalidtoken", FailureKind.Fatal)]
    [InlineData("webservice_access_exception", "accessexception", FailureKind.Fatal)]
    [InlineData(@"core\exception\required_capability_exception", "nopermissions", FailureKind.Fatal)]
    [InlineData("dml_missing_record_exception", "invalidrecord", FailureKind.Fatal)] // unknown wsfunction
    [InlineData(@"core\exception\coding_exception", "codingerror", FailureKind.Fatal)]
    [InlineData(@"core\exception\moodle_exception", "servicenotavailable", FailureKind.Fatal)]
    [InlineData(@"core\exception\invalid_parameter_exception", "invalidparameter", FailureKind.Refused)]
    [InlineData("dml_missing_record_exception", "invaliduser", FailureKind.Refused)]
    [InlineData(@"core\exception\moodle_exception", "<div>Passwords must be at least 8 characters long.</div>", FailureKind.Refused)]
    [InlineData(null, "useradminodelete", FailureKind.Refused)]
    public void Moodle_error_codes(string? exceptionClass, string code, FailureKind expected) =>
        Assert.Equal(expected, FailureClassifier.Moodle(exceptionClass, code));

    [Theory]
    [InlineData(500, FailureKind.Transient)]
    [InlineData(502, FailureKind.Transient)]
    [InlineData(503, FailureKind.Transient)]
    [InlineData(504, FailureKind.Transient)]
    [InlineData(429, FailureKind.Transient)]
    [InlineData(408, FailureKind.Transient)]
    [InlineData(404, FailureKind.Fatal)] // BaseUrl is not the site root
    [InlineData(403, FailureKind.Fatal)]
    [InlineData(401, FailureKind.Fatal)]
    [InlineData(413, FailureKind.Fatal)] // a proxy in front refusing the size: not one record's fault
    public void Moodle_HTTP_statuses(int status, FailureKind expected) =>
        Assert.Equal(expected, FailureClassifier.Http(status));

    [Theory]
    [InlineData(429, FailureKind.Transient)] // rate limited, with Retry-After
    [InlineData(503, FailureKind.Transient)] // unavailable, with Retry-After
    [InlineData(500, FailureKind.Transient)]
    [InlineData(502, FailureKind.Transient)]
    [InlineData(504, FailureKind.Transient)]
    [InlineData(408, FailureKind.Transient)]
    [InlineData(400, FailureKind.Fatal)] // malformed request: a bug or an API change
    [InlineData(401, FailureKind.Fatal)] // the key
    [InlineData(403, FailureKind.Fatal)] // the key's user
    [InlineData(404, FailureKind.Fatal)] // the company domain
    [InlineData(406, FailureKind.Fatal)]
    public void BambooHR_HTTP_statuses(int status, FailureKind expected) =>
        Assert.Equal(expected, FailureClassifier.Http(status));

    [Fact]
    public void HTTP_answers_and_exceptions_as_the_retry_pipelines_see_them()
    {
        using var unavailable = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        using var tooMany = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        using var notFound = new HttpResponseMessage(HttpStatusCode.NotFound);
        using var ok = new HttpResponseMessage(HttpStatusCode.OK);

        Assert.True(FailureClassifier.IsTransient(Outcome.FromResult(unavailable), CancellationToken.None));
        Assert.True(FailureClassifier.IsTransient(Outcome.FromResult(tooMany), CancellationToken.None));
        Assert.False(FailureClassifier.IsTransient(Outcome.FromResult(notFound), CancellationToken.None));
        Assert.False(FailureClassifier.IsTransient(Outcome.FromResult(ok), CancellationToken.None));
        Assert.True(FailureClassifier.IsTransient(Outcome.FromException<HttpResponseMessage>(new TimeoutRejectedException()), CancellationToken.None));
        Assert.True(FailureClassifier.IsTransient(Outcome.FromException<HttpResponseMessage>(new HttpRequestException("reset")), CancellationToken.None));
        Assert.False(FailureClassifier.IsTransient(Outcome.FromException<HttpResponseMessage>(new InvalidOperationException()), CancellationToken.None));
    }

    [Fact]
    public void Timeouts_and_dropped_connections_are_transient_but_our_own_cancellation_is_not()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.True(FailureClassifier.IsTransientTransport(new TimeoutRejectedException(), CancellationToken.None));
        Assert.True(FailureClassifier.IsTransientTransport(new TaskCanceledException("HttpClient.Timeout"), CancellationToken.None));
        Assert.True(FailureClassifier.IsTransientTransport(new IOException("connection reset"), CancellationToken.None));
        Assert.True(FailureClassifier.IsTransientTransport(new HttpRequestException("refused"), CancellationToken.None));
        Assert.False(FailureClassifier.IsTransientTransport(new OperationCanceledException(cancelled.Token), cancelled.Token));
        Assert.False(FailureClassifier.IsTransientTransport(new InvalidDataException("corrupt"), CancellationToken.None));
    }

    [Theory]
    [InlineData(400, "ThrottlingException", FailureKind.Transient)]
    [InlineData(400, "RequestThrottled", FailureKind.Transient)]
    [InlineData(400, "KMS.ThrottlingException", FailureKind.Transient)]
    [InlineData(500, "InternalError", FailureKind.Transient)]
    [InlineData(503, "ServiceUnavailable", FailureKind.Transient)]
    [InlineData(200, null, FailureKind.Transient)] // an answer the SDK could not read, or whose MD5 did not match
    [InlineData(400, "AWS.SimpleQueueService.NonExistentQueue", FailureKind.Fatal)]
    [InlineData(400, "QueueDoesNotExist", FailureKind.Fatal)]
    [InlineData(403, "AccessDenied", FailureKind.Fatal)]
    [InlineData(403, "InvalidClientTokenId", FailureKind.Fatal)]
    [InlineData(400, "KMS.AccessDeniedException", FailureKind.Fatal)]
    [InlineData(400, "InvalidParameterValue", FailureKind.Refused)]
    [InlineData(400, "InvalidMessageContents", FailureKind.Refused)]
    [InlineData(400, "AWS.SimpleQueueService.BatchRequestTooLong", FailureKind.Refused)]
    public void SQS_errors(int status, string? code, FailureKind expected) =>
        Assert.Equal(expected, FailureClassifier.Aws(status, code));

    [Theory]
    [InlineData(false, "InternalError", FailureKind.Transient)]
    [InlineData(false, "SomethingNew", FailureKind.Transient)] // not the sender's fault: SQS's side
    [InlineData(null, "ServiceUnavailable", FailureKind.Transient)]
    [InlineData(true, "ThrottlingException", FailureKind.Transient)]
    [InlineData(true, "ServiceUnavailable", FailureKind.Transient)]
    [InlineData(true, "InvalidMessageContents", FailureKind.Refused)]
    [InlineData(true, "InvalidParameterValue", FailureKind.Refused)]
    public void SQS_batch_entries(bool? senderFault, string code, FailureKind expected) =>
        Assert.Equal(expected, FailureClassifier.SqsBatchEntry(senderFault, code));

    [Theory]
    [InlineData(400, "ProvisionedThroughputExceededException", FailureKind.Transient)]
    [InlineData(400, "ThrottlingException", FailureKind.Transient)]
    [InlineData(400, "RequestLimitExceeded", FailureKind.Transient)]
    [InlineData(400, "TransactionConflictException", FailureKind.Transient)]
    [InlineData(400, "LimitExceededException", FailureKind.Transient)]
    [InlineData(500, "InternalServerError", FailureKind.Transient)]
    [InlineData(503, "ServiceUnavailable", FailureKind.Transient)]
    [InlineData(400, "ConditionalCheckFailedException", FailureKind.Refused)]
    [InlineData(400, "ValidationException", FailureKind.Refused)]
    [InlineData(400, "ItemCollectionSizeLimitExceededException", FailureKind.Refused)]
    [InlineData(400, "ResourceNotFoundException", FailureKind.Fatal)] // State:TableName names no table
    [InlineData(400, "AccessDeniedException", FailureKind.Fatal)]
    [InlineData(400, "UnrecognizedClientException", FailureKind.Fatal)]
    [InlineData(400, "ExpiredTokenException", FailureKind.Fatal)]
    public void DynamoDB_errors(int status, string code, FailureKind expected) =>
        Assert.Equal(expected, FailureClassifier.Aws(status, code));

    [Theory]
    [InlineData(400, "ThrottlingException", true)]
    [InlineData(400, "ProvisionedThroughputExceededException", true)]
    [InlineData(429, null, true)]
    [InlineData(500, "InternalError", false)] // may have been carried out
    [InlineData(503, "ServiceUnavailable", false)]
    [InlineData(400, "InvalidParameterValue", false)]
    public void Only_throttling_is_a_refusal_before_any_work(int status, string? code, bool throttled) =>
        Assert.Equal(throttled, FailureClassifier.IsAwsThrottling(status, code));
}
