using System.Diagnostics;
using System.Globalization;

namespace Pipeline.Chaos.Stack;

/// <summary>A pipeline process the chaos run started: stdout and stderr go to their own log files.</summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task _stdout;
    private readonly Task _stderr;

    private ChildProcess(Process process, string name, string stdoutPath, string stderrPath)
    {
        _process = process;
        Name = name;
        StdoutPath = stdoutPath;
        _stdout = CopyAsync(process.StandardOutput, stdoutPath);
        _stderr = CopyAsync(process.StandardError, stderrPath);
    }

    public string Name { get; }

    public string StdoutPath { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public static ChildProcess Start(string name, string logDir, IReadOnlyDictionary<string, string> env, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (k, v) in env)
        {
            info.Environment[k] = v;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {name}.");
        return new ChildProcess(process, name, Path.Combine(logDir, name + ".stdout.log"), Path.Combine(logDir, name + ".stderr.log"));
    }

    /// <summary>SIGKILL: no shutdown hooks, no finishing the batch in hand.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
        }
    }

    /// <summary>SIGTERM, then SIGKILL after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync().ConfigureAwait(false);
        }

        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }

    public async Task<int> WaitAsync(CancellationToken ct)
    {
        await _process.WaitForExitAsync(ct).ConfigureAwait(false);
        await Task.WhenAll(_stdout, _stderr).ConfigureAwait(false);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _process.WaitForExitAsync().ConfigureAwait(false);
        await Task.WhenAll(_stdout, _stderr).ConfigureAwait(false);
        _process.Dispose();
    }

    private static async Task CopyAsync(StreamReader from, string path)
    {
        var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        await using (file.ConfigureAwait(false))
        {
            var writer = new StreamWriter(file);
            await using (writer.ConfigureAwait(false))
            {
                char[] buffer = new char[8192];
                int n;
                while ((n = await from.ReadAsync(buffer).ConfigureAwait(false)) > 0)
                {
                    await writer.WriteAsync(buffer.AsMemory(0, n)).ConfigureAwait(false);
                }
            }
        }
    }
}
