using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Pipeline.BambooHr;
using Pipeline.Consumer;
using Pipeline.Consumer.Handling;
using Pipeline.Domain;
using Pipeline.Moodle;
using Pipeline.Producer.Operate;
using Pipeline.Producer.Sync;
using Pipeline.Queue;
using Pipeline.ServiceDefaults;
using Pipeline.State;

namespace Pipeline.Producer;

/// <summary>Which edges a CLI command needs: each command validates only the configuration it uses.</summary>
[Flags]
public enum Needs
{
    State = 1,
    Queue = 2,
    BambooHr = 4,
    Moodle = 8,

    /// <summary>Moodle when it is configured (Moodle:BaseUrl set), else nothing: a sync reads Moodle only for a full run's orphan count.</summary>
    MoodleIfConfigured = 16,
}

public static class ProducerHost
{
    public static IHost Build(Needs needs, string[]? configArgs = null, Action<IHostApplicationBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(HostSettings.WithoutReload(configArgs));
        builder.AddPipelineDefaults("pipeline-producer");
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<SyncOptions>().Bind(builder.Configuration.GetSection("Sync")).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SyncOptions>, SyncOptionsValidator>());
        // Every command: a sync decides which employees have a date ahead (Mapping, Sync:TimeZone) as a plan does.
        builder.Services.AddMappingOptions(builder.Configuration);
        if (needs.HasFlag(Needs.State))
        {
            builder.Services.AddPipelineState(builder.Configuration);
        }

        if (needs.HasFlag(Needs.Queue))
        {
            builder.Services.AddPipelineQueue(builder.Configuration);
        }

        if (needs.HasFlag(Needs.BambooHr))
        {
            builder.Services.AddBambooHrClient(builder.Configuration);
            // The safeguard sees leavers as the consumer's mapping does, with or without Moodle.
            builder.Services.AddMappingOptions(builder.Configuration);
        }

        if (needs.HasFlag(Needs.Moodle))
        {
            AddMoodle(builder);
        }

        builder.Services.AddSingleton<SnapshotPublisher>();
        builder.Services.AddSingleton<DrainWatcher>();
        builder.Services.AddSingleton<SuspensionCounter>();
        builder.Services.AddSingleton<SyncRunner>();
        builder.Services.AddSingleton<StatusReader>();
        builder.Services.AddSingleton<PlanRunner>();
        builder.Services.AddSingleton<DlqReplayer>();
        configure?.Invoke(builder);

        // After configure: the configuration it adds decides whether Moodle is configured.
        if (!needs.HasFlag(Needs.Moodle) && needs.HasFlag(Needs.MoodleIfConfigured) && !string.IsNullOrWhiteSpace(builder.Configuration["Moodle:BaseUrl"]))
        {
            AddMoodle(builder);
        }

        return builder.Build();
    }

    private static void AddMoodle(IHostApplicationBuilder builder)
    {
        builder.Services.AddMoodleClient(builder.Configuration);
        builder.Services.AddSingleton<OrphanAudit>();
    }
}
