using Pipeline.LocalStack;

namespace Pipeline.TestSupport.Pipeline;

/// <summary>The <c>pipeline</c> CLI as a process of this stack, as an operator or the schedule runs it.</summary>
public sealed partial class PipelineStack
{
    /// <summary>
    /// Runs the <c>pipeline</c> CLI (the build output, see <see cref="Binaries.Producer"/>) with this stack's settings
    /// plus <paramref name="overrides"/> and <paramref name="arguments"/> (e.g. <c>sync --wait 3m</c>) to its end;
    /// killed after <paramref name="timeout"/>. Returns the exited process for its exit code and output; it is
    /// disposed with the stack.
    /// </summary>
    public Task<ChildProcess> RunProducerProcessAsync(
        TimeSpan timeout, IReadOnlyDictionary<string, string?>? overrides = null, CancellationToken ct = default, params string[] arguments) =>
        _harness.RunProducerAsync("pipeline", Merge(overrides), timeout, ct, arguments);
}
