using Amazon.DynamoDBv2;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Pipeline.TestSupport;

namespace Pipeline.State.Tests;

public sealed class StateRegistrationTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task An_invalid_table_name_stops_the_host_at_start()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration["State:TableName"] = "no";
        builder.Services.AddSingleton(_ => emulators.CreateDynamoDbClient());
        builder.Services.AddPipelineState(builder.Configuration);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("TableName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_stores_resolve_and_use_the_configured_table()
    {
        var table = await emulators.CreateStateTableAsync("registration");
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration["State:TableName"] = table;
        builder.Services.AddSingleton(_ => emulators.CreateDynamoDbClient());
        builder.Services.AddPipelineState(builder.Configuration);
        using var host = builder.Build();
        await host.StartAsync();

        var runs = host.Services.GetRequiredService<IRunStateStore>();
        Assert.True(await runs.TryClaimRunAsync("run-a", DateTimeOffset.UnixEpoch, "producer-1", TimeSpan.FromMinutes(1), default));
        Assert.NotNull(host.Services.GetRequiredService<IOutcomeStore>());
        Assert.NotNull(host.Services.GetRequiredService<IIdempotencyLedger>());
        Assert.Equal(table, host.Services.GetRequiredService<IOptions<StateOptions>>().Value.TableName);

        await host.StopAsync();
    }
}
