using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Pipeline.BambooHr;
using Pipeline.Moodle;
using Pipeline.Operate.Tests.Cli;
using Pipeline.Producer;
using Pipeline.ServiceDefaults;
using Pipeline.TestSupport.Pipeline;

namespace Pipeline.Operate.Tests.Secrets;

/// <summary>
/// The Lambda path for secrets: AddPipelineDefaults reads Secrets:* from the configuration being built and asks the
/// Parameters and Secrets extension (here a local imitation on a real port) for BambooHr:ApiKey and Moodle:Token.
/// </summary>
public sealed class SecretsExtensionTests : IAsyncLifetime
{
    private const string ApiKey = "key-SECRET-VALUE-bamboo-9f8e7d";
    private const string Token = "tok-SECRET-VALUE-moodle-1a2b3c";
    private const string SessionToken = "session-token-for-the-extension-42";

    private FakeSecretsExtension _extension = null!;

    public async Task InitializeAsync() => _extension = await FakeSecretsExtension.StartAsync();

    public async Task DisposeAsync() => await _extension.DisposeAsync();

    [Fact]
    public void Configuration_gets_the_api_key_and_token_from_the_extension_and_the_clients_options_see_them()
    {
        var secretId = "pipeline/" + Guid.NewGuid().ToString("N");
        _extension.Put(secretId, new Dictionary<string, string> { ["bamboohr_api_key"] = ApiKey, ["moodle_token"] = Token });

        using var host = ProducerHost.Build(Needs.BambooHr | Needs.Moodle, Args(secretId, extra:
        [
            // Environment-style values the secret must win over.
            "--BambooHr:ApiKey=from-environment", "--Moodle:Token=from-environment",
        ]));

        var config = host.Services.GetRequiredService<IConfiguration>();
        Assert.Equal(ApiKey, config["BambooHr:ApiKey"]);
        Assert.Equal(Token, config["Moodle:Token"]);
        Assert.Equal(ApiKey, host.Services.GetRequiredService<IOptions<BambooHrOptions>>().Value.ApiKey);
        Assert.Equal(Token, host.Services.GetRequiredService<IOptions<MoodleOptions>>().Value.Token);
    }

    [Fact]
    public void The_extension_is_called_with_the_session_token_header_and_the_secret_id()
    {
        var secretId = "pipeline/" + Guid.NewGuid().ToString("N");
        _extension.Put(secretId, new Dictionary<string, string> { ["bamboohr_api_key"] = ApiKey, ["moodle_token"] = Token });

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = Args(secretId) });
        builder.AddPipelineDefaults("secrets-test");

        var calls = _extension.Requests.Where(r => r.SecretId == secretId).ToList();
        Assert.NotEmpty(calls);
        Assert.All(calls, c => Assert.Equal(SessionToken, c.Token));
    }

    [Fact]
    public void Without_a_secret_id_the_extension_is_never_called_and_configuration_keeps_its_own_values()
    {
        var before = _extension.Requests.Count;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = ["--Secrets:Endpoint=" + _extension.Endpoint, "--Moodle:Token=plain-env-token"],
        });
        builder.AddPipelineDefaults("secrets-test");

        Assert.Equal(before, _extension.Requests.Count);
        Assert.Equal("plain-env-token", builder.Configuration["Moodle:Token"]);
    }

    [Theory]
    [InlineData("moodle_token", null)]
    [InlineData("moodle_token", "")]
    [InlineData("bamboohr_api_key", null)]
    [InlineData("bamboohr_api_key", "   ")]
    public void A_missing_or_empty_key_stops_start_up_naming_the_secret_and_key_but_not_the_values(string key, string? value)
    {
        var secretId = "pipeline/" + Guid.NewGuid().ToString("N");
        var values = new Dictionary<string, string> { ["bamboohr_api_key"] = ApiKey, ["moodle_token"] = Token };
        values.Remove(key);
        if (value is not null)
        {
            values[key] = value;
        }

        _extension.Put(secretId, values);

        var ex = Assert.Throws<SecretsUnavailableException>(() => ProducerHost.Build(Needs.BambooHr | Needs.Moodle, Args(secretId)));

        Assert.Contains(secretId, ex.Message, StringComparison.Ordinal);
        Assert.Contains(key, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cli_refuses_to_start_when_the_secret_lacks_a_key_naming_secret_and_key_but_no_value()
    {
        var secretId = "pipeline/" + Guid.NewGuid().ToString("N");
        _extension.Put(secretId, new Dictionary<string, string> { ["bamboohr_api_key"] = ApiKey });

        var run = (await PipelineProcess.RunAsync(new Dictionary<string, string?>
        {
            ["Secrets__SecretId"] = secretId,
            ["Secrets__Endpoint"] = _extension.Endpoint.ToString(),
            ["AWS_SESSION_TOKEN"] = SessionToken,
            ["AWS_REGION"] = "eu-west-2",
        }, "status")).Sample("secrets-missing-key");

        Assert.True(run.ExitCode != 0, run.ToString());
        Assert.Contains(secretId, run.StdErr, StringComparison.Ordinal);
        Assert.Contains("moodle_token", run.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, run.StdErr + run.StdOut, StringComparison.Ordinal);
        Assert.Contains(_extension.Requests, r => r.SecretId == secretId && r.Token == SessionToken);
    }

    [Fact]
    public async Task A_secret_that_is_not_a_json_object_is_reported_without_quoting_it()
    {
        var secretId = "pipeline/" + Guid.NewGuid().ToString("N");
        _extension.Put(secretId, new Dictionary<string, string>());
        var options = new SecretsExtensionOptions { SecretId = secretId, Endpoint = _extension.Endpoint };

        var ex = await Assert.ThrowsAsync<SecretsUnavailableException>(() => SecretsExtensionClient.FetchAsync(options, SessionToken, CancellationToken.None));

        Assert.Contains(secretId, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Values_are_read_again_after_the_cache_ttl_so_a_rotated_token_reaches_configuration_and_options_monitors()
    {
        var secretId = "pipeline/" + Guid.NewGuid().ToString("N");
        _extension.Put(secretId, new Dictionary<string, string> { ["bamboohr_api_key"] = ApiKey, ["moodle_token"] = Token });
        using var host = ProducerHost.Build(Needs.BambooHr | Needs.Moodle, Args(secretId, ttl: "00:00:00.300"));
        var config = host.Services.GetRequiredService<IConfiguration>();
        var monitor = host.Services.GetRequiredService<IOptionsMonitor<MoodleOptions>>();
        Assert.Equal(Token, monitor.CurrentValue.Token);

        const string rotated = "tok-ROTATED-value-77";
        _extension.Put(secretId, new Dictionary<string, string> { ["bamboohr_api_key"] = ApiKey, ["moodle_token"] = rotated });

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (config["Moodle:Token"] != rotated && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(rotated, config["Moodle:Token"]);
        Assert.Equal(rotated, monitor.CurrentValue.Token);
        Assert.True(_extension.Requests.Count(r => r.SecretId == secretId) >= 2);
    }

    [Fact]
    public void Before_the_ttl_the_extension_is_not_asked_again()
    {
        var secretId = "pipeline/" + Guid.NewGuid().ToString("N");
        _extension.Put(secretId, new Dictionary<string, string> { ["bamboohr_api_key"] = ApiKey, ["moodle_token"] = Token });
        using var host = ProducerHost.Build(Needs.BambooHr | Needs.Moodle, Args(secretId, ttl: "01:00:00"));
        var config = host.Services.GetRequiredService<IConfiguration>();
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(Token, config["Moodle:Token"]);
        }

        Assert.Equal(1, _extension.Requests.Count(r => r.SecretId == secretId));
    }

    [Fact]
    public async Task Each_tick_of_the_cache_ttl_reads_the_secret_again_and_a_disposed_provider_reads_it_no_more()
    {
        var secretId = "pipeline/" + Guid.NewGuid().ToString("N");
        _extension.Put(secretId, new Dictionary<string, string> { ["bamboohr_api_key"] = ApiKey, ["moodle_token"] = Token });
        var ttl = TimeSpan.FromMinutes(5);
        var time = new FakeTimeProvider();
        var options = new SecretsExtensionOptions { SecretId = secretId, Endpoint = _extension.Endpoint, CacheTtl = ttl };
        var config = new ConfigurationBuilder().Add(new SecretsExtensionSource(options, SessionToken, time)).Build();
        var provider = config.Providers.OfType<SecretsExtensionProvider>().Single();
        int Fetches() => _extension.Requests.Count(r => r.SecretId == secretId);
        Assert.Equal(1, Fetches());

        time.Advance(ttl);
        await Eventually.WaitAsync(() => Task.FromResult(Fetches()), n => n == 2, TimeSpan.FromSeconds(10), "the first tick to fetch again", TimeSpan.FromMilliseconds(20));
        time.Advance(ttl);
        await Eventually.WaitAsync(() => Task.FromResult(Fetches()), n => n == 3, TimeSpan.FromSeconds(10), "the second tick to fetch again", TimeSpan.FromMilliseconds(20));

        ((IDisposable)config).Dispose();
        await provider.Refreshing.WaitAsync(TimeSpan.FromSeconds(10));
        time.Advance(ttl * 10);

        Assert.Equal(3, Fetches());
    }

    [Fact]
    public async Task Disposing_the_host_ends_the_secrets_refresh()
    {
        var secretId = "pipeline/" + Guid.NewGuid().ToString("N");
        _extension.Put(secretId, new Dictionary<string, string> { ["bamboohr_api_key"] = ApiKey, ["moodle_token"] = Token });
        var host = ProducerHost.Build(Needs.BambooHr | Needs.Moodle, Args(secretId, ttl: "01:00:00"));
        var config = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();
        var provider = config.Providers.OfType<SecretsExtensionProvider>().Single();
        Assert.False(provider.Refreshing.IsCompleted, "the refresh loop runs while the host lives");

        host.Dispose();

        await provider.Refreshing.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private string[] Args(string secretId, string ttl = "00:05:00", string[]? extra = null) =>
    [
        "--Secrets:SecretId=" + secretId,
        "--Secrets:Endpoint=" + _extension.Endpoint,
        "--Secrets:CacheTtl=" + ttl,
        "--AWS_SESSION_TOKEN=" + SessionToken,
        "--BambooHr:BaseUrl=http://127.0.0.1:9/api/gateway.php/acme/",
        "--Moodle:BaseUrl=http://127.0.0.1:9/",
        .. extra ?? [],
    ];
}
