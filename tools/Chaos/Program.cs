using Pipeline.Chaos;

// ./chaos.sh [--quick]: see tools/Chaos/ChaosRun.cs for what happens and ChaosSettings.cs for the numbers.
var settings = ChaosSettings.Parse(args);
var root = Environment.GetEnvironmentVariable("PIPELINE_REPO_ROOT") ?? Directory.GetCurrentDirectory();
foreach (var (k, v) in new Dictionary<string, string>
{
    ["AWS_REGION"] = "eu-west-2",
    ["AWS_ACCESS_KEY_ID"] = "local",
    ["AWS_SECRET_ACCESS_KEY"] = "local",
    ["AWS_ENDPOINT_URL_SQS"] = "http://127.0.0.1:" + (Environment.GetEnvironmentVariable("SQS_PORT") ?? "4566"),
    ["AWS_ENDPOINT_URL_DYNAMODB"] = "http://127.0.0.1:" + (Environment.GetEnvironmentVariable("DYNAMODB_PORT") ?? "4567"),
})
{
    if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(k)))
    {
        Environment.SetEnvironmentVariable(k, v);
    }
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var results = await new ChaosRun(settings, root).RunAsync(cancel.Token).ConfigureAwait(false);
var outDir = Path.Combine(root, "artifacts", "chaos");
results.Write(Path.Combine(outDir, "results.json"));
Console.Out.WriteLine(results.Table());
Console.Out.WriteLine($"Results: {Path.Combine(outDir, "results.json")}; logs: {Path.Combine(outDir, "logs")}");
return results.AllHold ? 0 : 1;
