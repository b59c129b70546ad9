using Pipeline.Chaos;
using Pipeline.LocalStack;

// ./chaos.sh [--quick | --bad-day | --outage [--outage-seconds N]]: see tools/Chaos/ChaosRun.cs for what happens and ChaosSettings.cs for the numbers. The
// emulators' addresses come from AWS_ENDPOINT_URL_SQS / _DYNAMODB, else SQS_PORT / DYNAMODB_PORT (4566 / 4567).
var settings = ChaosSettings.Parse(args);
var root = RepoRoot.Find();

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

// --bad-day is its own scenario (half the company wrongly terminated), not part of the default or --quick run.
var badDay = args.Contains("--bad-day");
var results = badDay
    ? await new BadDayRun(settings, root).RunAsync(cancel.Token).ConfigureAwait(false)
    : settings.Mode == "outage"
    ? await new OutageRun(settings, root).RunAsync(cancel.Token).ConfigureAwait(false)
    : await new ChaosRun(settings, root).RunAsync(cancel.Token).ConfigureAwait(false);
var outDir = Path.Combine(root, "artifacts", "chaos");
var file = badDay ? "results-bad-day.json" : "results.json";
results.Write(Path.Combine(outDir, file));
Console.Out.WriteLine(results.Table());
Console.Out.WriteLine($"Results: {Path.Combine(outDir, file)}; logs: {Path.Combine(outDir, badDay ? "logs-bad-day" : "logs")}");
return results.AllHold ? 0 : 1;
