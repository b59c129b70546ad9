using Pipeline.Chaos;
using Pipeline.LocalStack;

// ./chaos.sh [--quick | --outage [--outage-seconds N]]: see tools/Chaos/ChaosRun.cs for what happens and ChaosSettings.cs for the numbers. The
// emulators' addresses come from AWS_ENDPOINT_URL_SQS / _DYNAMODB, else SQS_PORT / DYNAMODB_PORT (4566 / 4567).
var settings = ChaosSettings.Parse(args);
var root = RepoRoot.Find();

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var results = settings.Mode == "outage"
    ? await new OutageRun(settings, root).RunAsync(cancel.Token).ConfigureAwait(false)
    : await new ChaosRun(settings, root).RunAsync(cancel.Token).ConfigureAwait(false);
var outDir = Path.Combine(root, "artifacts", "chaos");
results.Write(Path.Combine(outDir, "results.json"));
Console.Out.WriteLine(results.Table());
Console.Out.WriteLine($"Results: {Path.Combine(outDir, "results.json")}; logs: {Path.Combine(outDir, "logs")}");
return results.AllHold ? 0 : 1;
