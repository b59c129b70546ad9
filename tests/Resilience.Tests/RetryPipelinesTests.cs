using System.Net;
using Polly;

namespace Pipeline.Resilience.Tests;

public sealed class RetryPipelinesTests
{
    private static readonly RetryRule FourAttempts = new() { MaxAttempts = 4, BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1) };

    [Fact]
    public async Task A_rule_of_four_attempts_makes_four_calls_and_waits_its_backoff_between_them()
    {
        var time = new InstantTimeProvider();
        var pipeline = new ResiliencePipelineBuilder<int> { TimeProvider = time }
            .AddRetry(FourAttempts, args => args.Outcome.Result < 0)
            .Build();
        var calls = 0;

        var result = await pipeline.ExecuteAsync(_ => ValueTask.FromResult(--calls), CancellationToken.None);

        Assert.Equal((-4, 3), (result, time.Waits.Count));
        Assert.InRange(time.Waits[0], TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(120));
        Assert.InRange(time.Waits[1], TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(240));
        Assert.InRange(time.Waits[2], TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(480));
    }

    [Fact]
    public async Task A_rule_of_one_attempt_never_retries()
    {
        var pipeline = new ResiliencePipelineBuilder<int>()
            .AddRetry(new RetryRule { MaxAttempts = 1, BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(1) }, _ => true)
            .Build();
        var calls = 0;

        await pipeline.ExecuteAsync(_ => ValueTask.FromResult(++calls), CancellationToken.None);

        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Retry_After_is_waited_out_as_given_instead_of_the_backoff()
    {
        var time = new InstantTimeProvider();
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddHttpRetry(FourAttempts, time)
            .Build();
        var calls = 0;

        using var answer = await pipeline.ExecuteAsync(_ =>
        {
            if (++calls > 1)
            {
                return ValueTask.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
            }

            var limited = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            limited.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
            return ValueTask.FromResult(limited);
        }, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal([TimeSpan.FromSeconds(7)], time.Waits);
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, true, 4)]
    [InlineData(HttpStatusCode.ServiceUnavailable, false, 1)] // e.g. a Moodle write: sent once
    [InlineData(HttpStatusCode.Forbidden, true, 1)]
    public async Task Only_transient_answers_to_requests_the_caller_allows_are_retried(HttpStatusCode status, bool allowed, int expectedCalls)
    {
        var time = new InstantTimeProvider();
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddHttpRetry(FourAttempts, time, applies: _ => allowed)
            .Build();
        var calls = 0;

        using var answer = await pipeline.ExecuteAsync(_ =>
        {
            calls++;
            return ValueTask.FromResult(new HttpResponseMessage(status));
        }, CancellationToken.None);

        Assert.Equal((status, expectedCalls), (answer.StatusCode, calls));
    }

    [Fact]
    public void A_Retry_After_date_counts_from_now_and_one_in_the_past_means_at_once()
    {
        var time = new InstantTimeProvider();
        using var later = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        later.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(time.GetUtcNow().AddSeconds(90));
        using var past = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        past.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(time.GetUtcNow().AddMinutes(-5));
        using var none = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

        Assert.InRange(RetryPipelines.RetryAfter(later, time)!.Value, TimeSpan.FromSeconds(88), TimeSpan.FromSeconds(90));
        Assert.Equal(TimeSpan.Zero, RetryPipelines.RetryAfter(past, time));
        Assert.Null(RetryPipelines.RetryAfter(none, time));
    }
}
