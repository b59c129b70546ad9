using Pipeline.LocalStack;

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
    /// <summary>The CLI built in the same configuration as these tests, else the other one.</summary>
    public static string DllPath { get; } = Binaries.Producer();

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
        var env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["DOTNET_NOLOGO"] = "1",
            ["NO_COLOR"] = "1",
        };
        foreach (var (key, value) in environment)
        {
            env[key] = value;
        }

        var process = ChildProcess.Start(new ProcessStart
        {
            Program = DllPath,
            Arguments = args,
            Environment = env,
            RemoveInherited = Harness.PipelineVariables,
            WorkingDirectory = Path.GetDirectoryName(DllPath)!,
            Name = "pipeline",
        });
        return new RunningCli(process, args);
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
}
