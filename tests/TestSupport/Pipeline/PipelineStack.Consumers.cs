using Microsoft.Extensions.Hosting;
using Pipeline.Consumer;
using Pipeline.Consumer.Lambda;
using Pipeline.LocalStack;

namespace Pipeline.TestSupport.Pipeline;

/// <summary>Consumers: in-process workers, worker processes, and the services a Lambda invocation runs on.</summary>
public sealed partial class PipelineStack
{
    /// <summary>
    /// Starts <paramref name="workers"/> in-process consumer workers (each with Consumer:Pollers long-pollers; default 2).
    /// They stop when the stack is disposed, or earlier through <see cref="ConsumerHost.StopAsync"/>.
    /// <paramref name="configure"/> runs last on each host's builder (e.g. to put another IBatchHandler in).
    /// </summary>
    public async Task<IReadOnlyList<ConsumerHost>> StartConsumersAsync(
        int workers, IReadOnlyDictionary<string, string?>? overrides = null, Action<IHostApplicationBuilder>? configure = null, CancellationToken ct = default)
    {
        var started = new List<ConsumerHost>(workers);
        for (var i = 0; i < workers; i++)
        {
            var consumer = new ConsumerHost(ConsumerWorker.BuildInProcess(builder =>
            {
                ConfigureHost(overrides)(builder);
                configure?.Invoke(builder);
            }));
            Own(consumer);
            await consumer.StartAsync(ct).ConfigureAwait(false);
            started.Add(consumer);
        }

        return started;
    }

    /// <summary>
    /// A consumer worker as a child process with this stack's settings (plus <paramref name="overrides"/>, ':' keys),
    /// so a test can kill it mid-batch (<see cref="ChildProcess.Kill"/>: held messages come back after their visibility
    /// timeout) or read its exit code (3 = halted) and output (<see cref="ChildProcess.Output"/>). Killed with the stack.
    /// </summary>
    public ChildProcess StartConsumerProcess(IReadOnlyDictionary<string, string?>? overrides = null) =>
        _harness.StartConsumerWorker("consumer", Merge(overrides));

    /// <summary>
    /// The consumer services a Lambda execution environment builds on cold start, configured for this stack and started.
    /// Use with <c>new LambdaEntryPoint(host.Services)</c>; disposed with the stack. <paramref name="configure"/> runs last.
    /// </summary>
    public async Task<IHost> StartLambdaServicesAsync(
        IReadOnlyDictionary<string, string?>? overrides = null, Action<IHostApplicationBuilder>? configure = null, CancellationToken ct = default)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        builder.AddConsumerLambda();
        ConfigureHost(overrides)(builder);
        configure?.Invoke(builder);
        var host = builder.Build();
        Own(new HostOwner(host));
        await host.StartAsync(ct).ConfigureAwait(false);
        return host;
    }

    private sealed class HostOwner(IHost host) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await host.StopAsync(cts.Token).ConfigureAwait(false);
            host.Dispose();
        }
    }
}
