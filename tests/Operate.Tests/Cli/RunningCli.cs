using System.Diagnostics;
using System.Text;
using Pipeline.TestSupport.Pipeline;

namespace Pipeline.Operate.Tests.Cli;

/// <summary>A `pipeline` process still running: its output so far, a signal to send it, and its end.</summary>
public sealed class RunningCli : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string[] _args;
    private readonly Lock _gate = new();
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    internal RunningCli(ProcessStartInfo start, string[] args)
    {
        _args = args;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        if (!_process.Start())
        {
            throw new InvalidOperationException("Could not start `dotnet`.");
        }

        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string StdOut => Read(_stdout);

    public string StdErr => Read(_stderr);

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
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-s", signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) } })
            ?? throw new InvalidOperationException("Could not start `kill`.");
        await kill.WaitForExitAsync().ConfigureAwait(false);
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -s {signal} {_process.Id} exited {kill.ExitCode}.");
        }
    }

    public async Task<CliRun> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            // Also waits for the end of both redirected streams, so the output below is complete.
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`pipeline {string.Join(' ', _args)}` did not exit within {timeout}. stderr so far: {StdErr}");
        }

        return new CliRun(_args, _process.ExitCode, StdOut, StdErr);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
    }

    private void Append(StringBuilder to, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            to.Append(line).Append('\n');
        }
    }

    private string Read(StringBuilder from)
    {
        lock (_gate)
        {
            return from.ToString();
        }
    }
}
