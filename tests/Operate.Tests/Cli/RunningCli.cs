using Pipeline.LocalStack;
using Pipeline.TestSupport.Pipeline;

namespace Pipeline.Operate.Tests.Cli;

/// <summary>A `pipeline` process still running: its output so far, a signal to send it, and its end.</summary>
public sealed class RunningCli : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly string[] _args;

    internal RunningCli(ChildProcess process, string[] args)
    {
        _process = process;
        _args = args;
    }

    public string StdOut => _process.StandardOutput;

    public string StdErr => _process.StandardError;

    /// <summary>Polls the output until <paramref name="done"/> holds for it (stdout, stderr); fails if the process ends first.</summary>
    public async Task WaitForOutputAsync(Func<string, string, bool> done, TimeSpan timeout, string what)
    {
        ArgumentNullException.ThrowIfNull(done);
        await Eventually.WaitAsync(
            () => Task.FromResult((Out: StdOut, Err: StdErr, Exited: _process.HasExited)),
            o => done(o.Out, o.Err) || o.Exited,
            timeout,
            what).ConfigureAwait(false);
        if (!done(StdOut, StdErr))
        {
            throw new InvalidOperationException($"`pipeline {string.Join(' ', _args)}` ended before {what}.\n--- stdout ---\n{StdOut}\n--- stderr ---\n{StdErr}");
        }
    }

    /// <summary>Sends a signal by name (INT as Ctrl-C does, TERM as a scheduler stopping a task does).</summary>
    public Task SignalAsync(string signal) => _process.SignalAsync(signal);

    /// <summary>Waits for the end (killed after <paramref name="timeout"/>, which throws) and all of its output.</summary>
    public async Task<CliRun> WaitForExitAsync(TimeSpan timeout)
    {
        var exit = await _process.ExitCodeAsync(timeout).ConfigureAwait(false);
        return new CliRun(_args, exit, StdOut, StdErr);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
