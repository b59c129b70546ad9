using System.Globalization;

namespace Pipeline.LocalStack;

/// <summary>
/// Peak resident set (VmHWM) and CPU time (utime + stime) of one process, read from /proc every 50 ms while it runs.
/// </summary>
internal sealed class UsageSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(DateTimeOffset At, long Ticks)> _cpu = [];
    private readonly Task _sampling;
    private long _peakKb;

    private UsageSampler(int pid) => _sampling = SampleAsync(pid, _stop.Token);

    public double PeakRssMb => Interlocked.Read(ref _peakKb) / 1024.0;

    public TimeSpan CpuTime
    {
        get
        {
            lock (_cpu)
            {
                return TimeSpan.FromSeconds((_cpu.Count > 0 ? _cpu[^1].Ticks : 0) / 100.0);
            }
        }
    }

    public static UsageSampler Start(int pid) => new(pid);

    public TimeSpan CpuBetween(DateTimeOffset from, DateTimeOffset to)
    {
        lock (_cpu)
        {
            long At(DateTimeOffset t) => _cpu.LastOrDefault(x => x.At <= t, _cpu.Count > 0 ? _cpu[0] : default).Ticks;
            return TimeSpan.FromSeconds((At(to) - At(from)) / 100.0);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _sampling.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task SampleAsync(int pid, CancellationToken ct)
    {
        var statusPath = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status";
        var statPath = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat";
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
                    lock (_cpu)
                    {
                        _cpu.Add((DateTimeOffset.UtcNow, utime + stime));
                    }
                }

                foreach (var line in await File.ReadAllLinesAsync(statusPath, ct).ConfigureAwait(false))
                {
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal)
                        && long.TryParse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture, out var kb))
                    {
                        Interlocked.Exchange(ref _peakKb, Math.Max(Interlocked.Read(ref _peakKb), kb));
                    }
                }

                await Task.Delay(50, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return; // the process has gone; VmHWM only grows, so the last sample is the peak seen
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
