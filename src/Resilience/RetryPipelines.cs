using System.Diagnostics.CodeAnalysis;
using Polly;
using Polly.Retry;

namespace Pipeline.Resilience;

/// <summary>
/// A <see cref="RetryRule"/> as a Polly retry strategy: Polly runs the attempts (cancellation, telemetry, the waits on
/// the pipeline's TimeProvider); the rule says how many and how long between them.
/// </summary>
public static class RetryPipelines
{
    /// <summary>Retries what <paramref name="shouldRetry"/> accepts, up to the rule's attempts; adds nothing when that is 1.</summary>
    public static ResiliencePipelineBuilder<T> AddRetry<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] T>(
        this ResiliencePipelineBuilder<T> builder,
        RetryRule rule,
        Func<RetryPredicateArguments<T>, bool> shouldRetry,
        Func<OnRetryArguments<T>, ValueTask>? onRetry = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(shouldRetry);
        if (rule.MaxAttempts <= 1)
        {
            return builder;
        }

        return builder.AddRetry(new RetryStrategyOptions<T>
        {
            MaxRetryAttempts = rule.MaxAttempts - 1,
            ShouldHandle = args => ValueTask.FromResult(shouldRetry(args)),
            DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(rule.DelayForAttempt(args.AttemptNumber + 1)),
            OnRetry = onRetry,
        });
    }

    /// <summary>
    /// Retries transient HTTP failures (<see cref="FailureClassifier.IsTransient"/>) for which <paramref name="applies"/>
    /// holds. A <c>Retry-After</c> the server sent is waited out as given instead of the backoff (a total timeout around
    /// the pipeline is what bounds it).
    /// </summary>
    public static ResiliencePipelineBuilder<HttpResponseMessage> AddHttpRetry(
        this ResiliencePipelineBuilder<HttpResponseMessage> builder,
        RetryRule rule,
        TimeProvider time,
        Func<ResilienceContext, bool>? applies = null,
        Func<OnRetryArguments<HttpResponseMessage>, ValueTask>? onRetry = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(time);
        if (rule.MaxAttempts <= 1)
        {
            return builder;
        }

        return builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = rule.MaxAttempts - 1,
            ShouldHandle = args => ValueTask.FromResult(
                (applies is null || applies(args.Context)) && FailureClassifier.IsTransient(args.Outcome, args.Context.CancellationToken)),
            DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                RetryAfter(args.Outcome.Result, time) ?? rule.DelayForAttempt(args.AttemptNumber + 1)),
            OnRetry = onRetry,
        });
    }

    /// <summary>The wait a <c>Retry-After</c> header asks for, in seconds or as a date; null without one.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var header = response?.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}
