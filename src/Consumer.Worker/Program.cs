using Microsoft.Extensions.Hosting;
using Pipeline.Consumer;
using Pipeline.ServiceDefaults;

// `Pipeline.Consumer.Worker [worker]`: the long-polling consumer for local runs and ECS. In Lambda the runtime calls
// Pipeline.Consumer.Lambda::Pipeline.Consumer.Lambda.LambdaEntryPoint::HandleAsync instead (src/Consumer.Lambda).
if (args.Length > 0 && args[0] is "--help" or "-h")
{
    Console.WriteLine("""
        Usage: Pipeline.Consumer.Worker [worker]

        Long-polls the queue (Queue__QueueUrl) and upserts each employee into Moodle.
        Configuration (environment): Moodle__BaseUrl, Moodle__Token, Queue__QueueUrl, Queue__DeadLetterQueueUrl,
        State__TableName, Consumer__Pollers (4), Consumer__GatherSize (10), Consumer__MaxAttempts (5),
        Consumer__IdleExitAfter (unset: run until SIGTERM), AWS_REGION, AWS_ENDPOINT_URL_SQS, AWS_ENDPOINT_URL_DYNAMODB.
        Exit codes: 0 stopped cleanly; 3 halted on an error that would fail every record (bad token, no permission).
        """);
    return 0;
}

var builder = Host.CreateApplicationBuilder(HostSettings.WithoutReload(args.Where(a => a != "worker").ToArray()));
builder.AddConsumerWorker();
using var host = builder.Build();
await host.RunAsync().ConfigureAwait(false);
return Environment.ExitCode;
