using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Pipeline.LocalStack;

/// <summary>
/// A process the harness started (a consumer worker, the producer CLI, a stand-in, a script): its output captured line
/// by line, to log files or memory (<see cref="ProcessStart.LogDirectory"/>), and ended by SIGKILL
/// (<see cref="Kill"/>: no shutdown, whatever it holds is abandoned) or SIGTERM (<see cref="StopAsync"/>).
/// The pipeline's processes start no children of their own, so only the process itself is signalled.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _stdout = [];
    private readonly List<string> _stderr = [];
    private readonly StringBuilder _memory = new();
    private readonly StreamWriter? _stdoutLog;
    private readonly StreamWriter? _stderrLog;
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly UsageSampler? _usage;
    private int _disposed;
    private bool _logsClosed;

    private ChildProcess(Process process, ProcessStart start)
    {
        _process = process;
        Name = start.Name ?? Path.GetFileNameWithoutExtension(start.Program);
        if (start.LogDirectory is { } dir)
        {
            Directory.CreateDirectory(dir);
            StdoutPath = Path.Combine(dir, Name + ".stdout.log");
            StderrPath = Path.Combine(dir, Name + ".stderr.log");
            _stdoutLog = OpenLog(StdoutPath);
            _stderrLog = OpenLog(StderrPath);
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data, _stdoutLog, _stdoutClosed, stdout: true);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data, _stderrLog, _stderrClosed, stdout: false);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {Name} ({start.Program}).");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _usage = start.SampleUsage ? UsageSampler.Start(process.Id) : null;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code, once <see cref="HasExited"/>.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>The stdout log file, when the process has a log directory.</summary>
    public string? StdoutPath { get; }

    /// <summary>The stderr log file (the pipeline's JSON log lines), when the process has a log directory.</summary>
    public string? StderrPath { get; }

    /// <summary>Where to look when it failed: its stderr log, or "(output kept in memory)".</summary>
    public string LogHint => StderrPath ?? "(output kept in memory)";

    /// <summary>Every stdout line so far.</summary>
    public IReadOnlyList<string> StdoutLines
    {
        get
        {
            lock (_stdout)
            {
                return [.. _stdout];
            }
        }
    }

    /// <summary>Everything written to stdout so far, one line per line.</summary>
    public string StandardOutput => Join(_stdout);

    /// <summary>Everything written to stderr so far, when it is kept in memory (no log directory); else empty.</summary>
    public string StandardError => Join(_stderr);

    /// <summary>
    /// What was kept in memory, in the order it came: stdout and, without a log directory, stderr too (the JSON log
    /// lines).
    /// </summary>
    public string Output
    {
        get
        {
            lock (_memory)
            {
                return _memory.ToString();
            }
        }
    }

    /// <summary>Peak resident set (VmHWM) seen, in MiB; 0 unless <see cref="ProcessStart.SampleUsage"/>.</summary>
    public double PeakRssMb => _usage?.PeakRssMb ?? 0;

    /// <summary>User + system CPU at the last sample (at most 50 ms before it ended); zero unless sampled.</summary>
    public TimeSpan CpuTime => _usage?.CpuTime ?? TimeSpan.Zero;

    /// <summary>CPU used between two moments of the process's life, from the samples nearest to them; zero unless sampled.</summary>
    public TimeSpan CpuBetween(DateTimeOffset from, DateTimeOffset to) => _usage?.CpuBetween(from, to) ?? TimeSpan.Zero;

    public static ChildProcess Start(ProcessStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        // A framework-dependent build is a .dll for `dotnet`; a native (ahead-of-time) build or a tool runs as it is.
        var viaDotnet = start.Program.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var info = new ProcessStartInfo(viaDotnet ? "dotnet" : start.Program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (start.WorkingDirectory is not null)
        {
            info.WorkingDirectory = start.WorkingDirectory;
        }

        if (viaDotnet)
        {
            info.ArgumentList.Add(start.Program);
        }

        foreach (var argument in start.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var key in info.Environment.Keys.ToList())
        {
            if (start.RemoveInherited.Any(p => key.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            {
                info.Environment.Remove(key);
            }
        }

        foreach (var (key, value) in start.Environment)
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        return new ChildProcess(new Process { StartInfo = info, EnableRaisingEvents = true }, start);
    }

    /// <summary>SIGKILL, no grace: whatever the process holds (a batch, a claim) is abandoned mid-way.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
        }
    }

    /// <summary>SIGTERM (a host finishes what it holds and stops), then SIGKILL after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        await SignalAsync("TERM").ConfigureAwait(false);
        if (!await WaitForExitAsync(grace).ConfigureAwait(false))
        {
            Kill();
            await WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Sends a signal by name (<c>INT</c> as Ctrl-C does, <c>TERM</c> as a scheduler stopping a task does).</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", ["-s", signal, _process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync().ConfigureAwait(false);
        if (kill.ExitCode != 0 && !_process.HasExited)
        {
            throw new InvalidOperationException($"kill -s {signal} {Id.ToString(CultureInfo.InvariantCulture)} exited {kill.ExitCode.ToString(CultureInfo.InvariantCulture)}.");
        }
    }

    /// <summary>Waits until the process has ended and all its output is read; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken ct = default)
    {
        await _process.WaitForExitAsync(ct).ConfigureAwait(false);
        await Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task).WaitAsync(ct).ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <summary>Waits for the process to end by itself; false on timeout (it keeps running).</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await WaitForExitAsync(cts.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// Waits for the process to end by itself within <paramref name="timeout"/> and returns its exit code; otherwise
    /// kills it and throws a <see cref="TimeoutException"/> that says where its output is.
    /// </summary>
    public async Task<int> ExitCodeAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            return await WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            Kill();
            throw new TimeoutException($"{Name} (pid {Id.ToString(CultureInfo.InvariantCulture)}) did not finish within {timeout}; its output: {LogHint}."
                + (StderrPath is null ? Environment.NewLine + Output : string.Empty));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Kill();
        await WaitForExitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        if (_usage is not null)
        {
            await _usage.DisposeAsync().ConfigureAwait(false);
        }

        _process.Dispose();
        lock (_memory)
        {
            _logsClosed = true;
            _stdoutLog?.Dispose();
            _stderrLog?.Dispose();
        }
    }

    private static string Join(List<string> lines)
    {
        lock (lines)
        {
            var text = new StringBuilder();
            foreach (var line in lines)
            {
                text.Append(line).Append('\n');
            }

            return text.ToString();
        }
    }

    private static StreamWriter OpenLog(string path) =>
        new(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };

    private void OnLine(string? line, StreamWriter? log, TaskCompletionSource closed, bool stdout)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }

        if (stdout || log is null)
        {
            var lines = stdout ? _stdout : _stderr;
            lock (lines)
            {
                lines.Add(line);
            }
        }

        // One lock for the memory copy and both files: lines keep their order, and Dispose never closes a file mid-write.
        lock (_memory)
        {
            if (log is not null && !_logsClosed)
            {
                log.WriteLine(line);
            }

            if (stdout || log is null)
            {
                _memory.AppendLine(line);
            }
        }
    }
}
