using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Pipeline.Queue.Tests;

public sealed class AddPipelineQueueTests
{
    [Fact]
    public async Task A_host_without_queue_urls_refuses_to_start_naming_the_missing_keys()
    {
        using var host = Build(new Dictionary<string, string?> { ["Queue:PublishConcurrency"] = "4" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(nameof(QueueOptions.QueueUrl), error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(QueueOptions.DeadLetterQueueUrl), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_zero_publish_concurrency_is_refused_at_start()
    {
        using var host = Build(new Dictionary<string, string?>
        {
            ["Queue:QueueUrl"] = "http://127.0.0.1:4566/000000000000/q",
            ["Queue:DeadLetterQueueUrl"] = "http://127.0.0.1:4566/000000000000/q-dlq",
            ["Queue:PublishConcurrency"] = "0",
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(nameof(QueueOptions.PublishConcurrency), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configuration_binds_from_the_Queue_section()
    {
        using var host = Build(new Dictionary<string, string?>
        {
            ["Queue:QueueUrl"] = "http://127.0.0.1:4566/000000000000/q",
            ["Queue:DeadLetterQueueUrl"] = "http://127.0.0.1:4566/000000000000/q-dlq",
            ["Queue:PublishConcurrency"] = "7",
        });

        var options = host.Services.GetRequiredService<IOptions<QueueOptions>>().Value;

        Assert.Equal(("http://127.0.0.1:4566/000000000000/q", "http://127.0.0.1:4566/000000000000/q-dlq", 7, 60),
            (options.QueueUrl, options.DeadLetterQueueUrl, options.PublishConcurrency, options.DeadLetterHoldSeconds));
        Assert.IsType<SqsQueuePublisher>(host.Services.GetRequiredService<IQueuePublisher>());
        Assert.IsType<SqsDeadLetterQueue>(host.Services.GetRequiredService<IDeadLetterQueue>());
        Assert.IsType<SqsQueueDepth>(host.Services.GetRequiredService<IQueueDepth>());
    }

    [Fact]
    public async Task The_retired_Queue_MaxPublishAttempts_key_stops_the_start_naming_the_key_that_replaced_it()
    {
        using var host = Build(new Dictionary<string, string?>
        {
            ["Queue:QueueUrl"] = "http://127.0.0.1:4566/000000000000/q",
            ["Queue:DeadLetterQueueUrl"] = "http://127.0.0.1:4566/000000000000/q-dlq",
            ["Queue:MaxPublishAttempts"] = "7",
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Retry__Sqs__MaxAttempts", error.Message, StringComparison.Ordinal);
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<Amazon.SQS.IAmazonSQS>(_ => new Amazon.SQS.AmazonSQSClient(new Amazon.SQS.AmazonSQSConfig
        {
            ServiceURL = "http://127.0.0.1:9",
            AuthenticationRegion = "eu-west-2",
            DefaultAWSCredentials = new Amazon.Runtime.BasicAWSCredentials("test", "test"),
        }));
        builder.Services.AddPipelineQueue(builder.Configuration);
        return builder.Build();
    }
}
