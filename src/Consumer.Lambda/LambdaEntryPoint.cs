using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Consumer.Handling;
using Pipeline.ServiceDefaults;

namespace Pipeline.Consumer.Lambda;

/// <summary>
/// The Lambda handler: <c>Pipeline.Consumer.Lambda::Pipeline.Consumer.Lambda.LambdaEntryPoint::HandleAsync</c> on the
/// managed <c>dotnet10</c> runtime. Stream in, stream out, so no Amazon.Lambda.* package is needed: it reads the SQS
/// event and answers the partial-batch response (<c>ReportBatchItemFailures</c>) naming every message the handler did
/// not settle Done (fail closed), within <see cref="LambdaOptions.InvocationBudget"/>.
/// </summary>
public sealed partial class LambdaEntryPoint
{
    // Bounds the SQS calls made after the handler: the budget leaves this much of the function's timeout for them.
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(5);

    // One host per execution environment, built on the first invocation (cold start) and reused after.
    private static readonly Lazy<IServiceProvider> SharedServices = new(BuildServices, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Func<IServiceProvider> _services;

    public LambdaEntryPoint() => _services = () => SharedServices.Value;

    /// <summary>For tests: run the handler against services built elsewhere (with <see cref="LambdaServices.AddConsumerLambda"/>).</summary>
    public LambdaEntryPoint(IServiceProvider services) => _services = () => services;

    public async Task<Stream> HandleAsync(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var services = _services();
        var logger = services.GetRequiredService<ILogger<LambdaEntryPoint>>();
        var settlement = services.GetRequiredService<QueueSettlement>();
        var sqsEvent = await JsonSerializer.DeserializeAsync(input, LambdaJsonContext.Default.SqsEvent).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The Lambda input is not an SQS event (JSON null).");
        var batch = new ConsumerBatch([.. (sqsEvent.Records ?? []).Select(ToIncoming)]);

        var budget = services.GetRequiredService<IOptions<LambdaOptions>>().Value.InvocationBudget;
        using (var work = new CancellationTokenSource(budget, services.GetRequiredService<TimeProvider>()))
        {
            try
            {
                await services.GetRequiredService<IBatchHandler>().HandleAsync(batch, work.Token).ConfigureAwait(false);
            }
            catch (ConsumerHaltedException ex)
            {
                // Not poison: hide what is not settled for a while so it does not burn its receives toward the DLQ, then
                // fail loudly so the Lambda Errors alarm fires and an operator fixes the token or permissions. A failed
                // invocation retries its whole batch, so what was settled is deleted here first.
                LogHalted(logger, ex.Code, ex.Message);
                using var settling = new CancellationTokenSource(SettleTimeout);
                await settlement.AcknowledgeAsync(batch, settling.Token).ConfigureAwait(false);
                var halt = services.GetRequiredService<IOptions<ConsumerOptions>>().Value.HaltBackoff;
                await settlement.HideAsync(batch.Messages.Where(m => !batch.IsDone(m)), halt, settling.Token).ConfigureAwait(false);
                throw;
            }
            catch (OperationCanceledException) when (work.IsCancellationRequested)
            {
                LogBudgetSpent(logger, budget, batch.Messages.Count(m => !batch.IsSettled(m)));
            }
            catch (Exception ex)
            {
                // Fail closed: whatever the handler had not settled when it threw is reported below.
                LogBatchFailed(logger, ex, batch.Messages.Count);
            }
        }

        if (batch.Outage is { } outage)
        {
            // A Lambda cannot pause its own event source mapping (that takes the Lambda API, not used here): the batch
            // goes back whole, nothing parked, and the queue's maxReceiveCount, sized in Terraform for an outage, is what
            // stands between a long outage and the DLQ (docs/runbook.md: Moodle outage).
            LogOutage(logger, outage.Code, batch.Messages.Count(m => !batch.IsDone(m)));
        }

        IReadOnlyList<IncomingMessage> failed;
        using (var settling = new CancellationTokenSource(SettleTimeout))
        {
            failed = await settlement.RetryFailedAsync(batch, settling.Token).ConfigureAwait(false);
        }

        var response = new SqsBatchResponse([.. failed.Select(m => new SqsBatchItemFailure(m.MessageId))]);
        var output = new MemoryStream();
        await JsonSerializer.SerializeAsync(output, response, LambdaJsonContext.Default.SqsBatchResponse).ConfigureAwait(false);
        output.Position = 0;
        return output;
    }

    /// <summary>The event record through the library's one conversion, the one the worker's messages go through too.</summary>
    public static IncomingMessage ToIncoming(SqsEventRecord r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return IncomingMessage.From(r.MessageId, r.ReceiptHandle, r.Body,
            (r.MessageAttributes ?? new Dictionary<string, SqsEventMessageAttribute>()).Select(a => KeyValuePair.Create(a.Key, a.Value.StringValue)),
            r.Attributes);
    }

    private static IServiceProvider BuildServices()
    {
        var builder = Host.CreateApplicationBuilder(HostSettings.WithoutReload([]));
        builder.AddConsumerLambda();
        var host = builder.Build();
        host.Start();
        return host.Services;
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Consumer halted ({Code}): {Reason}")]
    private static partial void LogHalted(ILogger logger, string code, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Moodle is down ({Code}): {Count} messages reported for retry, none parked")]
    private static partial void LogOutage(ILogger logger, string code, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The invocation budget ({Budget}) ran out with {Unsettled} messages unsettled; they are reported for retry")]
    private static partial void LogBudgetSpent(ILogger logger, TimeSpan budget, int unsettled);

    [LoggerMessage(Level = LogLevel.Error, Message = "A batch of {Count} messages failed; the messages it had not settled are reported for retry")]
    private static partial void LogBatchFailed(ILogger logger, Exception ex, int count);
}
