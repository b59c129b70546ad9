using System.Diagnostics;

namespace Pipeline.BambooHr.Tests;

public sealed class AuthAndFaultTests
{
    [Fact]
    public async Task Missing_credentials_are_401()
    {
        await using var sandbox = await SandboxHost.StartAsync(seedJson: Seeds.Small);

        var (status, _, response) = await sandbox.ApiAsync("api/v1/employees/changed?since=2026-01-01T00:00:00Z", key: null);

        Assert.Equal(401, status);
        Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task A_wrong_key_is_401_and_the_client_error_says_what_to_do_without_the_key()
    {
        await using var sandbox = await SandboxHost.StartAsync(seedJson: Seeds.Small);

        var error = await Assert.ThrowsAsync<BambooHrException>(() =>
            sandbox.Client(key: "wrong-secret-key-123").GetChangesSinceAsync(DateTimeOffset.UnixEpoch, CancellationToken.None));

        Assert.Equal(("unauthorized", 401), (error.Code, error.StatusCode));
        Assert.Contains("BambooHr:ApiKey", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret-key-123", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, await sandbox.CallsAsync("employees.changed"));
    }

    [Fact]
    public async Task A_denied_key_is_403_and_not_retried()
    {
        await using var sandbox = await SandboxHost.StartAsync(o => o.DeniedKeys.Add("disabled-user"), Seeds.Small);

        var error = await Assert.ThrowsAsync<BambooHrException>(() =>
            sandbox.Client(key: "disabled-user").GetChangesSinceAsync(DateTimeOffset.UnixEpoch, CancellationToken.None));

        Assert.Equal(("forbidden", 403), (error.Code, error.StatusCode));
        Assert.Contains("enabled user", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await sandbox.CallsAsync("employees.changed"));
    }

    [Fact]
    public async Task Without_Accept_json_the_answer_is_406_with_a_clear_message()
    {
        await using var sandbox = await SandboxHost.StartAsync(seedJson: Seeds.Small);

        var (status, body, _) = await sandbox.ApiAsync("api/v1/employees/changed?since=2026-01-01T00:00:00Z", acceptJson: false);

        Assert.Equal(406, status);
        Assert.Contains("Accept: application/json", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Over_the_rate_limit_the_answer_is_429_with_Retry_After()
    {
        await using var sandbox = await SandboxHost.StartAsync(o => { o.RateLimit = 1; o.RateLimitWindow = TimeSpan.FromSeconds(30); }, Seeds.Small);

        var first = await sandbox.ApiAsync("api/v1/employees/changed?since=2026-01-01T00:00:00Z");
        var second = await sandbox.ApiAsync("api/v1/employees/changed?since=2026-01-01T00:00:00Z");

        Assert.Equal((200, 429), (first.Status, second.Status));
        var retryAfter = second.Response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 30);
    }

    [Fact]
    public async Task The_client_waits_out_Retry_After_on_429_then_succeeds()
    {
        await using var sandbox = await SandboxHost.StartAsync(seedJson: Seeds.Small);
        var client = sandbox.Client();
        (await sandbox.AdminJsonAsync(HttpMethod.Put, "faults", """{"rateLimit":1,"rateLimitWindowSeconds":1}""")).Dispose();
        await client.GetChangesSinceAsync(DateTimeOffset.UnixEpoch, CancellationToken.None);
        var clock = Stopwatch.StartNew();

        var changes = await client.GetChangesSinceAsync(DateTimeOffset.UnixEpoch, CancellationToken.None);

        Assert.Equal(5, changes.Employees.Count);
        Assert.True(await sandbox.StatusCountAsync(429) >= 1);

        // Our own backoff is 20 ms: only honouring Retry-After (1 s) explains waiting this long.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(500), $"waited only {clock.Elapsed}");
    }

    [Fact]
    public async Task The_client_retries_503_and_succeeds()
    {
        await using var sandbox = await SandboxHost.StartAsync(seedJson: Seeds.Small);
        (await sandbox.AdminJsonAsync(HttpMethod.Put, "faults", """{"fail503Next":2}""")).Dispose();

        var changes = await sandbox.Client().GetChangesSinceAsync(DateTimeOffset.UnixEpoch, CancellationToken.None);

        Assert.Equal(5, changes.Employees.Count);
        Assert.Equal(2, await sandbox.StatusCountAsync(503));
        Assert.Equal(3, await sandbox.CallsAsync("employees.changed"));
    }

    [Fact]
    public async Task When_503_outlasts_the_attempts_the_error_says_unavailable_and_to_run_later()
    {
        await using var sandbox = await SandboxHost.StartAsync(o => o.FailureRate503 = 1, Seeds.Small);

        var error = await Assert.ThrowsAsync<BambooHrException>(() =>
            sandbox.Client(maxAttempts: 2).GetChangesSinceAsync(DateTimeOffset.UnixEpoch, CancellationToken.None));

        Assert.Equal(("unavailable", 503), (error.Code, error.StatusCode));
        Assert.Contains("run again later", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, await sandbox.CallsAsync("employees.changed"));
    }

    [Fact]
    public async Task Configured_latency_delays_every_answer()
    {
        await using var sandbox = await SandboxHost.StartAsync(o => o.LatencyMs = 300, Seeds.Small);
        var clock = Stopwatch.StartNew();

        var (status, _, _) = await sandbox.ApiAsync("api/v1/employees/changed?since=2026-01-01T00:00:00Z");

        Assert.Equal(200, status);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(280), $"answered in {clock.Elapsed}");
    }

    [Fact]
    public async Task A_per_attempt_timeout_surfaces_as_a_timeout_error()
    {
        await using var sandbox = await SandboxHost.StartAsync(o => o.LatencyMs = 3000, Seeds.Small);
        var owned = new List<Microsoft.Extensions.DependencyInjection.ServiceProvider>();
        var client = SandboxHost.ClientFor(sandbox.LegacyBase, SandboxHost.Key, 1, 500, owned, TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAsync<BambooHrException>(() => client.GetChangesSinceAsync(DateTimeOffset.UnixEpoch, CancellationToken.None));

        Assert.Equal("timeout", error.Code);
        foreach (var provider in owned)
        {
            await provider.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("192.0.2.10", false)]
    [InlineData("10.0.0.1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    public void Admin_api_accepts_only_loopback_callers(string address, bool allowed) =>
        Assert.Equal(allowed, Pipeline.Sandbox.BambooHr.AdminEndpoints.IsLoopback(System.Net.IPAddress.Parse(address)));
}
