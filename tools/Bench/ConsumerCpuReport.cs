using System.Text.Json;

namespace Pipeline.Bench;

/// <summary>One benchmark's per-message figures from BenchmarkDotNet's full JSON report.</summary>
internal sealed record ConsumerCpu(string Method, double MicrosecondsPerMessage, double BytesPerMessage);

internal static class ConsumerCpuReport
{
    /// <summary>Mean and allocations are per operation; the benchmarks declare one operation per message.</summary>
    public static List<ConsumerCpu> Read(string? path)
    {
        if (path is null || !File.Exists(path))
        {
            return [];
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var result = new List<ConsumerCpu>();
        foreach (var b in doc.RootElement.GetProperty("Benchmarks").EnumerateArray())
        {
            var mean = b.GetProperty("Statistics").GetProperty("Mean").GetDouble();
            var bytes = b.TryGetProperty("Memory", out var m) && m.TryGetProperty("BytesAllocatedPerOperation", out var a) ? a.GetDouble() : double.NaN;
            result.Add(new ConsumerCpu(b.GetProperty("Method").GetString() ?? "?", mean / 1000.0, bytes));
        }

        return result;
    }
}
