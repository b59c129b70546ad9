using System.Diagnostics;
using System.Globalization;

namespace Pipeline.TestSupport;

/// <summary>Runs <c>tools/emulators.sh start</c>, which installs the npm packages on first use and waits until both answer.</summary>
internal static class EmulatorScript
{
    // The first run on a fresh clone includes `npm ci` (Node 22 is a ~30 MB download).
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public static async Task StartAsync(int sqsPort, int dynamoDbPort)
    {
        var root = RepoRoot.Find();
        var script = Path.Combine(root, "tools", "emulators.sh");
        var startInfo = new ProcessStartInfo("bash")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(script);
        startInfo.ArgumentList.Add("start");
        startInfo.Environment["SQS_PORT"] = sqsPort.ToString(CultureInfo.InvariantCulture);
        startInfo.Environment["DYNAMODB_PORT"] = dynamoDbPort.ToString(CultureInfo.InvariantCulture);

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not run bash {script} start.");
        using var timeout = new CancellationTokenSource(Timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Only the script itself: emulators it already launched run in their own session and stay recorded in .run/.
            process.Kill(entireProcessTree: false);
            throw new TimeoutException(
                $"tools/emulators.sh start did not finish within {Timeout.TotalMinutes} minutes. " +
                $"See {Path.Combine(root, ".run")} for the emulator logs.");
        }

        var output = await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"tools/emulators.sh start failed (exit {process.ExitCode.ToString(CultureInfo.InvariantCulture)}):{Environment.NewLine}{output}");
        }
    }
}
