using System.Text;

namespace Pipeline.Chaos.Checks;

/// <summary>Looks for the chaos run's Moodle token and BambooHR key in every pipeline log file of the run.</summary>
public static class SecretScan
{
    /// <returns>The files holding a secret (empty when clean) and how many files and bytes were scanned.</returns>
    public static (List<string> Leaks, int Files, long Bytes) Scan(string logDir, params string[] secrets)
    {
        var leaks = new List<string>();
        var files = 0;
        long bytes = 0;
        var needles = secrets.Select(Encoding.UTF8.GetBytes).ToList();
        foreach (var path in Directory.EnumerateFiles(logDir, "*.log", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var content = File.ReadAllBytes(path);
            files++;
            bytes += content.Length;
            if (needles.Any(n => content.AsSpan().IndexOf(n) >= 0))
            {
                leaks.Add(Path.GetFileName(path));
            }
        }

        return (leaks, files, bytes);
    }
}
