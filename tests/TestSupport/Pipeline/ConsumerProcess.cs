using System.Diagnostics;
using System.Text;

namespace Pipeline.TestSupport.Pipeline;

/// <summary>
/// <c>dotnet Pipeline.Consumer.Worker.dll worker</c> as a real child process, so a test can kill it mid-batch (SIGKILL: no
/// cleanup, held messages come back after their visibility timeout) or read its exit code (3 = halted).
/// </summary>
public sealed class ConsumerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ConsumerProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>stdout and stderr so far (JSON log lines).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// The consumer's own build output, same configuration as the running test first (building the test builds it):
    /// a copy next to the test would resolve its dependencies against the test's deps.json and fail to start.
    /// </summary>
    public static string FindAssembly()
    {
        var root = RepoRoot.Find();
        var testIsRelease = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal);
        var order = testIsRelease ? new[] { "Release", "Debug" } : ["Debug", "Release"];
        var candidates = order.Select(c => Path.Combine(root, "src", "Consumer.Worker", "bin", c, "net10.0", "Pipeline.Consumer.Worker.dll")).ToList();
        return candidates.FirstOrDefault(c => File.Exists(c) && File.Exists(Path.ChangeExtension(c, ".runtimeconfig.json")))
            ?? throw new InvalidOperationException($"No runnable Pipeline.Consumer.Worker.dll in: {string.Join(", ", candidates)}. Build src/Consumer.Worker first.");
    }

    internal static ConsumerProcess Start(IReadOnlyDictionary<string, string?> environment)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(FindAssembly());
        startInfo.ArgumentList.Add("worker");
        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                startInfo.Environment.Remove(key);
            }
            else
            {
                startInfo.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var consumer = new ConsumerProcess(process);
        process.OutputDataReceived += (_, e) => consumer.Append(e.Data);
        process.ErrorDataReceived += (_, e) => consumer.Append(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException("Could not start the consumer process.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return consumer;
    }

    /// <summary>SIGKILL, no grace: whatever batch it holds is abandoned mid-way.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Waits for the process to end by itself; false on timeout.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await WaitForExitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
