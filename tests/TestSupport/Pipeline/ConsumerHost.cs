using Microsoft.Extensions.Hosting;
using Pipeline.LocalStack;

namespace Pipeline.TestSupport.Pipeline;

/// <summary>
/// One in-process consumer worker (ConsumerServices.AddConsumerWorker), built as <c>Pipeline.Consumer.Worker</c> builds
/// it (<see cref="ConsumerWorker.BuildInProcess"/>).
/// <see cref="StopAsync"/> is SIGTERM: it stops receiving and finishes the batches it holds. For a kill mid-batch use
/// <see cref="PipelineStack.StartConsumerProcess"/>.
/// </summary>
public sealed class ConsumerHost : IAsyncDisposable
{
    private readonly IHost _host;
    private int _stopped;

    internal ConsumerHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    /// <summary>Completes when the worker stopped by itself (idle exit, or a halt) or was stopped.</summary>
    public Task Stopped => _host.WaitForShutdownAsync();

    internal Task StartAsync(CancellationToken ct) => _host.StartAsync(ct);

    public async Task StopAsync(TimeSpan? timeout = null)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        await _host.StopAsync(cts.Token).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _host.Dispose();
    }
}
