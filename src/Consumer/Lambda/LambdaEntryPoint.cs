using System.Globalization;
using System.Text.Json;
using Amazon.SQS;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Consumer.Handling;
using Pipeline.Queue;
using Pipeline.ServiceDefaults;

namespace Pipeline.Consumer.Lambda;

/// <summary>
/// The Lambda handler: <c>Pipeline.Consumer::Pipeline.Consumer.Lambda.LambdaEntryPoint::HandleAsync</c> on the
/// managed <c>dotnet10</c> runtime. Stream in, stream out, so no Amazon.Lambda.* package is needed: it reads the SQS
/// event and answers the partial-batch response (<c>ReportBatchItemFailures</c>) naming exactly the failed messages.
/// </summary>
public sealed partial class LambdaEntryPoint
{
    // One host per execution environment, built on the first invocation (cold start) and reused after.
    private static readonly Lazy<IServiceProvider> SharedServices = new(BuildServices, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Func<IServiceProvider> _services;

    public LambdaEntryPoint() => _services = () => SharedServices.Value;

    /// <summary>For tests: run the handler against services built elsewhere.</summary>
    public LambdaEntryPoint(IServiceProvider services) => _services = () => services;

    public async Task<Stream> HandleAsync(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var services = _services();
        var logger = services.GetRequiredService<ILogger<LambdaEntryPoint>>();
        var sqsEvent = await JsonSerializer.DeserializeAsync(input, LambdaJsonContext.Default.SqsEvent).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The Lambda input is not an SQS event (JSON null).");
        var records = sqsEvent.Records ?? [];
        var messages = records.Select(ToIncoming).ToList();

        BatchResult result;
        try
        {
            result = await services.GetRequiredService<EmployeeBatchHandler>().HandleAsync(messages, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ConsumerHaltedException ex)
        {
            // Not poison: hide the batch for a while so it does not burn its receives toward the DLQ, then fail loudly
            // so the Lambda Errors alarm fires and an operator fixes the token or permissions.
            LogHalted(logger, ex.Code, ex.Message);
            await HideAsync(services, messages).ConfigureAwait(false);
            throw;
        }

        await DelayRetriesAsync(services, messages, result).ConfigureAwait(false);
        var response = new SqsBatchResponse(result.FailedMessageIds.Select(id => new SqsBatchItemFailure(id)).ToList());
        var output = new MemoryStream();
        await JsonSerializer.SerializeAsync(output, response, LambdaJsonContext.Default.SqsBatchResponse).ConfigureAwait(false);
        output.Position = 0;
        return output;
    }

    private static IServiceProvider BuildServices()
    {
        var builder = Host.CreateApplicationBuilder(HostSettings.WithoutReload([]));
        builder.AddConsumer();
        var host = builder.Build();
        host.Start();
        return host.Services;
    }

    private static IncomingMessage ToIncoming(SqsEventRecord r)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in r.MessageAttributes ?? new Dictionary<string, SqsEventMessageAttribute>())
        {
            if (value.StringValue is { } s)
            {
                attributes[name] = s;
            }
        }

        var receiveCount = r.Attributes is not null && r.Attributes.TryGetValue("ApproximateReceiveCount", out var rc)
            && int.TryParse(rc, CultureInfo.InvariantCulture, out var n) ? n : 1;
        return new IncomingMessage(r.MessageId, r.ReceiptHandle, r.Body, receiveCount, attributes);
    }

    // Lambda makes a failed message visible again after the queue's visibility timeout; a transient failure asks for its own backoff.
    private static async Task DelayRetriesAsync(IServiceProvider services, List<IncomingMessage> messages, BatchResult result)
    {
        var retries = messages.Where(m => result.Results.TryGetValue(m.MessageId, out var r) && !r.Done).ToList();
        if (retries.Count == 0)
        {
            return;
        }

        await ChangeVisibilityAsync(services, retries, m => result.Results[m.MessageId].RetryAfter).ConfigureAwait(false);
    }

    private static Task HideAsync(IServiceProvider services, List<IncomingMessage> messages)
    {
        var backoff = services.GetRequiredService<IOptions<ConsumerOptions>>().Value.HaltBackoff;
        return ChangeVisibilityAsync(services, messages, _ => backoff);
    }

    private static Task ChangeVisibilityAsync(IServiceProvider services, List<IncomingMessage> messages, Func<IncomingMessage, TimeSpan> delay) =>
        Visibility.ChangeAsync(
            services.GetRequiredService<IAmazonSQS>(),
            services.GetRequiredService<IOptions<QueueOptions>>().Value.QueueUrl,
            messages.Select(m => (m.ReceiptHandle, delay(m))),
            CancellationToken.None);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Consumer halted ({Code}): {Reason}")]
    private static partial void LogHalted(ILogger logger, string code, string reason);
}
