using System.Text.RegularExpressions;
using Pipeline.Producer.Sync;
using Pipeline.TestSupport;
using Pipeline.TestSupport.Pipeline;

namespace Pipeline.Operate.Tests.Telemetry;

/// <summary>
/// A demo-sized run (1,000 generated employees, poison records included) with every log entry, span, exception and HTTP
/// URL captured: no token, no API key, and no employee's e-mail or last name anywhere an operator or a collector sees.
/// </summary>
public sealed class RedactionTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    private const string MoodleToken = "tok-REDACTME-1234567890abcdef";
    private const string BambooKey = "key-REDACTME-abcdef";

    [Fact]
    public async Task A_thousand_employee_run_leaks_no_secret_and_no_personal_data_into_logs_spans_or_exceptions()
    {
        using var capture = new TelemetryCapture();
        await using var stack = await PipelineStack.StartAsync(emulators, o =>
        {
            o.Prefix = "redact";
            o.MoodleAdminToken = MoodleToken;
            o.BambooHrApiKey = BambooKey;
        });
        var seed = await stack.GenerateAsync(1000, seed: 99);
        var consumers = await capture.StartConsumersAsync(stack, 3);
        SyncResult sync;
        try
        {
            sync = await capture.RunSyncAsync(stack, TimeSpan.FromMinutes(5));
        }
        finally
        {
            foreach (var c in consumers)
            {
                await c.StopAsync();
                c.Dispose();
            }
        }

        Assert.Equal(SyncStatus.Completed, sync.Summary.Status);
        Assert.True(sync.Summary.DeadLettered > 0, "the generated poison records exercise the failure paths");

        var spans = capture.Spans;
        var logs = capture.Logs;
        var exceptions = capture.Exceptions;
        var urls = spans.Where(s => s.Source == "System.Net.Http").Select(s => s.Tags.GetValueOrDefault("url.full")).ToList();
        Assert.True(logs.Count > 100, $"only {logs.Count} log entries captured");
        Assert.Contains(spans, s => s.Name == "pipeline.consume employee" && s.Tags.GetValueOrDefault("pipeline.run_id") == sync.Summary.RunId);
        Assert.Contains(urls, u => u is not null && u.Contains(stack.MoodleUrl.Authority, StringComparison.Ordinal));
        Assert.Contains(urls, u => u is not null && u.Contains(stack.BambooHrUrl.Authority, StringComparison.Ordinal));

        var everything = new[] { ("log", logs), ("span", spans.Select(s => s.Text).ToList()), ("url", urls.Select(u => u ?? string.Empty).ToList()) };
        foreach (var (kind, lines) in everything)
        {
            foreach (var secret in new[] { MoodleToken, BambooKey, Base64(BambooKey + ":x") })
            {
                var hit = lines.FirstOrDefault(l => l.Contains(secret, StringComparison.Ordinal));
                Assert.True(hit is null, $"a {kind} carries a secret: {hit}");
            }
        }

        foreach (var secret in new[] { MoodleToken, BambooKey })
        {
            var hit = exceptions.FirstOrDefault(l => l.Contains(secret, StringComparison.Ordinal));
            Assert.True(hit is null, $"an exception message carries a secret: {hit}");
        }

        // E-mails anywhere (any case); last names as whole, capitalised words, so "Hand" does not match "Handled".
        var emails = seed.Employees.Select(e => e.WorkEmail).Where(v => v is { Length: >= 4 }).Select(v => Regex.Escape(v!));
        var lastNames = seed.Employees.Select(e => e.LastName).Where(v => v is { Length: >= 3 }).Select(v => @"\b" + Regex.Escape(v!) + @"\b");
        var personal = new Regex($"(?i:{string.Join('|', emails.Distinct())})|{string.Join('|', lastNames.Distinct())}", RegexOptions.CultureInvariant, TimeSpan.FromMinutes(1));
        foreach (var (kind, lines) in everything)
        {
            var hit = lines.FirstOrDefault(personal.IsMatch);
            Assert.True(hit is null, $"a {kind} carries personal data ({(hit is null ? null : personal.Match(hit).Value)}): {hit}");
        }
    }

    private static string Base64(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));
}
