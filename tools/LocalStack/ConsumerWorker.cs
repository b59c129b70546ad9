using Microsoft.Extensions.Hosting;
using Pipeline.Consumer;

namespace Pipeline.LocalStack;

/// <summary>
/// How a consumer worker runs, in one place: as a process (which project's build, which arguments) or in this
/// process (which registrations). Everything in the harness that starts a worker goes through here.
/// </summary>
public static class ConsumerWorker
{
    /// <summary>The worker executable's project folder, relative to the repository root.</summary>
    public const string Project = "src/Consumer.Worker";

    /// <summary>The worker executable's assembly name (<c>Project/bin/.../Assembly.dll</c>).</summary>
    public const string Assembly = "Pipeline.Consumer.Worker";

    /// <summary>The arguments that make the executable run the long-polling worker.</summary>
    public static IReadOnlyList<string> Arguments { get; } = ["worker"];

    /// <summary>The worker executable's build output (see <see cref="Binaries.Locate"/>).</summary>
    public static string Executable() => Binaries.Locate(Project, Assembly);

    /// <summary>
    /// A worker host with the registrations the executable makes (<see cref="ConsumerServices.AddConsumerWorker"/>),
    /// and <paramref name="configure"/> applied last (configuration, logging, shared clients, another handler). Not
    /// started.
    /// </summary>
    public static IHost BuildInProcess(Action<IHostApplicationBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        builder.AddConsumerWorker();
        configure(builder);
        return builder.Build();
    }
}
