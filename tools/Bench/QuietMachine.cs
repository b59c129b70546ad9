using System.Diagnostics;
using System.Globalization;

namespace Pipeline.Bench;

/// <summary>
/// Waits, before a measured run, until the machine's CPUs are idle: on 2 cores, whatever is still running (the bench
/// process recompiling its hot SDK code at a higher tier after a warm-up loop, a queue the emulator is freeing) takes
/// its share from the run being measured. Seen before this gate existed: during the first producer run of a
/// bench, the bench process itself used 0.97 s of CPU (0.34 s during the second, 0.06 s from the third on).
/// </summary>
internal static class QuietMachine
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(250);

    /// <summary>Idle share of all CPUs over one window that counts as quiet.</summary>
    private const double QuietIdleShare = 0.90;

    /// <summary>
    /// Returns once one window is quiet, or after <paramref name="limit"/> (a busy neighbour must not stall the bench;
    /// the log says so). On a machine without /proc/stat it returns at once.
    /// </summary>
    public static async Task WaitAsync(TextWriter log, string before, TimeSpan limit, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        while (ReadTotals() is { } first)
        {
            await Task.Delay(Window, ct).ConfigureAwait(false);
            if (ReadTotals() is not { } second)
            {
                return;
            }

            var total = second.Total - first.Total;
            var idle = total <= 0 ? 1 : (double)(second.Idle - first.Idle) / total;
            if (idle >= QuietIdleShare)
            {
                return;
            }

            if (Stopwatch.GetElapsedTime(started) >= limit)
            {
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  warning: the machine was still busy ({1 - idle:P0} of its CPU in use) after waiting {limit.TotalSeconds:F0} s before {before}; measuring anyway"));
                return;
            }
        }
    }

    /// <summary>The first line of /proc/stat: jiffies of all CPUs, in total and idle (idle + iowait).</summary>
    private static (long Total, long Idle)? ReadTotals()
    {
        try
        {
            using var reader = new StreamReader("/proc/stat");
            var line = reader.ReadLine();
            if (line is null || !line.StartsWith("cpu ", StringComparison.Ordinal))
            {
                return null;
            }

            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            long total = 0;
            for (var i = 1; i < fields.Length; i++)
            {
                total += long.Parse(fields[i], CultureInfo.InvariantCulture);
            }

            var idle = long.Parse(fields[4], CultureInfo.InvariantCulture) + (fields.Length > 5 ? long.Parse(fields[5], CultureInfo.InvariantCulture) : 0);
            return (total, idle);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
