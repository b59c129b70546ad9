using System.Diagnostics;
using System.Globalization;

namespace Pipeline.Bench;

/// <summary>
/// A pipeline process (producer or consumer worker) started with its own environment. Output goes to log files
/// under the bench output folder; peak RSS (VmHWM) and CPU time are sampled from /proc while it runs.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _stdout;
    private readonly StreamWriter _stderr;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampler;
    private readonly List<string> _stdoutLines = [];
    private long _peakKb;
    private readonly List<(DateTimeOffset At, long Ticks)> _cpuSamples = [];

    private ChildProcess(Process process, string logBase)
    {
        _process = process;
        _stdout = new StreamWriter(logBase + ".out.log") { AutoFlush = true };
        _stderr = new StreamWriter(logBase + ".err.log") { AutoFlush = true };
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (_stdoutLines)
            {
                _stdoutLines.Add(e.Data);
                _stdout.WriteLine(e.Data);
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.WriteLine(e.Data);
                }
            }
        };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _sampler = SampleAsync(_stop.Token);
        StderrPath = logBase + ".err.log";
    }

    public int Id => _process.Id;

    public string StderrPath { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Peak resident set (VmHWM) seen, in MiB.</summary>
    public double PeakRssMb => Interlocked.Read(ref _peakKb) / 1024.0;

    /// <summary>User + system CPU the process had used at the last sample (at most 50 ms before it ended).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            lock (_cpuSamples)
            {
                return TimeSpan.FromSeconds((_cpuSamples.Count > 0 ? _cpuSamples[^1].Ticks : 0) / 100.0);
            }
        }
    }

    /// <summary>CPU used between two moments of the process's life, from the samples nearest to them (50 ms apart).</summary>
    public TimeSpan CpuBetween(DateTimeOffset from, DateTimeOffset to)
    {
        lock (_cpuSamples)
        {
            long At(DateTimeOffset t) => _cpuSamples.LastOrDefault(x => x.At <= t, _cpuSamples.Count > 0 ? _cpuSamples[0] : default).Ticks;
            return TimeSpan.FromSeconds((At(to) - At(from)) / 100.0);
        }
    }

    public IReadOnlyList<string> StdoutLines
    {
        get
        {
            lock (_stdoutLines)
            {
                return [.. _stdoutLines];
            }
        }
    }

    public static ChildProcess Start(string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string> env, string logBase)
    {
        // A framework-dependent build is a .dll for `dotnet`; a native (ahead-of-time) build is run as it is.
        var native = !dll.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var psi = new ProcessStartInfo(native ? dll : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (!native)
        {
            psi.ArgumentList.Add(dll);
        }

        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in env)
        {
            psi.Environment[k] = v;
        }

        return new ChildProcess(new Process { StartInfo = psi }, logBase);
    }

    public async Task<int> WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            Stop();
            throw new TimeoutException($"Process {_process.Id} ({_process.StartInfo.ArgumentList[0]}) did not finish within {timeout}; see {StderrPath}.");
        }

        return _process.ExitCode;
    }

    /// <summary>Ends this process only (it is idle by the time the bench stops it).</summary>
    public void Stop()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
            _process.WaitForExit(10_000);
        }
    }

    public void Dispose()
    {
        Stop();
        _stop.Cancel();
        try
        {
            _sampler.Wait(1000);
        }
        catch (AggregateException)
        {
            // The sampler ends by cancellation; nothing else can fault it.
        }

        _process.Dispose();
        _stop.Dispose();
        _stdout.Dispose();
        _stderr.Dispose();
    }

    private async Task SampleAsync(CancellationToken ct)
    {
        var path = $"/proc/{_process.Id.ToString(CultureInfo.InvariantCulture)}/status";
        var statPath = $"/proc/{_process.Id.ToString(CultureInfo.InvariantCulture)}/stat";
        while (!ct.IsCancellationRequested)
        {
            try
            {
                // utime and stime are fields 14 and 15, in clock ticks (100 per second on Linux); the command name
                // in field 2 may hold spaces, so count from the closing parenthesis.
                var stat = await File.ReadAllTextAsync(statPath, ct).ConfigureAwait(false);
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields.Length > 12 && long.TryParse(fields[11], CultureInfo.InvariantCulture, out var utime)
                    && long.TryParse(fields[12], CultureInfo.InvariantCulture, out var stime))
                {
                    lock (_cpuSamples)
                    {
                        _cpuSamples.Add((DateTimeOffset.UtcNow, utime + stime));
                    }
                }

                foreach (var line in await File.ReadAllLinesAsync(path, ct).ConfigureAwait(false))
                {
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal)
                        && long.TryParse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture, out var kb))
                    {
                        Interlocked.Exchange(ref _peakKb, Math.Max(Interlocked.Read(ref _peakKb), kb));
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return; // the process has gone; VmHWM only grows, so the last sample is the peak seen
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await Task.Delay(50, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
