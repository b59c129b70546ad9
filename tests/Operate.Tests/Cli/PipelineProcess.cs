using System.Diagnostics;
using System.Text;
using Pipeline.TestSupport;

namespace Pipeline.Operate.Tests.Cli;

/// <summary>What one `pipeline` process printed and how it exited.</summary>
public sealed record CliRun(string[] Args, int ExitCode, string StdOut, string StdErr)
{
    public string Command => "pipeline " + string.Join(' ', Args);

    public override string ToString() => $"$ {Command}\n[exit {ExitCode}]\n--- stdout ---\n{StdOut}\n--- stderr ---\n{StdErr}";
}

/// <summary>
/// Runs the real `pipeline` CLI as a child process (`dotnet pipeline.dll ...`), with exactly the environment a test
/// gives it: the pipeline's own variables are cleared first so a developer's shell cannot leak into a test.
/// </summary>
public static class PipelineProcess
{
    private static readonly string[] InheritedPrefixes = ["BambooHr__", "Moodle__", "Queue__", "State__", "Sync__", "Consumer__", "Retry__", "Secrets__", "Logging__", "AWS_", "OTEL_", "COLUMNS"];

    /// <summary>The CLI built in the same configuration as these tests, else the Release build the demo uses.</summary>
    public static string DllPath { get; } = Resolve();

    public static async Task<CliRun> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        await RunAsync(environment, TimeSpan.FromMinutes(3), args).ConfigureAwait(false);

    public static async Task<CliRun> RunAsync(IReadOnlyDictionary<string, string?> environment, TimeSpan timeout, params string[] args)
    {
        await using var cli = Start(environment, args);
        return await cli.WaitForExitAsync(timeout).ConfigureAwait(false);
    }

    /// <summary>Starts the CLI and returns at once, for a test that watches its output or signals it while it runs.</summary>
    public static RunningCli Start(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = Path.GetDirectoryName(DllPath)!,
        };
        start.ArgumentList.Add(DllPath);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var key in start.Environment.Keys.ToList())
        {
            if (InheritedPrefixes.Any(p => key.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            {
                start.Environment.Remove(key);
            }
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["NO_COLOR"] = "1";
        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        return new RunningCli(start, args);
    }

    /// <summary>Keeps a command's real output under artifacts/cli-samples (git-ignored) for the README.</summary>
    public static CliRun Sample(this CliRun run, string name)
    {
        ArgumentNullException.ThrowIfNull(run);
        var dir = Path.Combine(RepoRoot.Find(), "artifacts", "cli-samples");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, name + ".txt"), run.ToString());
        return run;
    }

    private static string Resolve()
    {
        // The producer's own output (its deps.json matches its folder); the copy next to the tests resolves assemblies differently.
        var producer = Path.Combine(RepoRoot.Find(), "src", "Producer", "bin");
        foreach (var configuration in new[] { BuildConfiguration, "Release" })
        {
            var path = Path.Combine(producer, configuration, "net10.0", "pipeline.dll");
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new InvalidOperationException($"No pipeline.dll under {producer}; build src/Producer first.");
    }

#if DEBUG
    private const string BuildConfiguration = "Debug";
#else
    private const string BuildConfiguration = "Release";
#endif
}
