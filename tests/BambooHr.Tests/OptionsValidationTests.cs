using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Pipeline.BambooHr.Tests;

public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData(null, "key", "BaseUrl")]
    [InlineData("acme.bamboohr.com/api/", "key", "absolute http(s) URL")]
    [InlineData("https://acme.bamboohr.com/api/v1/", "key", "without v1")]
    [InlineData("https://acme.bamboohr.com/api/", null, "ApiKey")]
    [InlineData("https://acme.bamboohr.com/api/", "   ", "ApiKey")]
    public async Task Bad_configuration_stops_the_host_at_start_with_a_useful_message(string? baseUrl, string? key, string expected)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["BambooHr:BaseUrl"] = baseUrl, ["BambooHr:ApiKey"] = key });
        builder.Services.AddBambooHrClient(builder.Configuration);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        if (key is { Length: > 3 })
        {
            Assert.DoesNotContain(key, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Good_configuration_starts()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["BambooHr:BaseUrl"] = "https://acme.bamboohr.com/api/",
            ["BambooHr:ApiKey"] = "0123456789abcdef",
        });
        builder.Services.AddBambooHrClient(builder.Configuration);
        using var host = builder.Build();

        await host.StartAsync();
        Assert.NotNull(host.Services.GetRequiredService<IBambooHrClient>());
        await host.StopAsync();
    }
}
