using Microsoft.Extensions.Hosting;

namespace Pipeline.ServiceDefaults;

/// <summary>How every pipeline host (the CLI, the worker, the Lambda) is created.</summary>
public static class HostSettings
{
    /// <summary>
    /// Host settings without reloading of appsettings files. The pipeline is configured by environment variables and
    /// each process lives for one run or one deployment; the reload watcher instead watches the working directory
    /// recursively: started from a repository root, 2,870 inotify watches and ~5% of a 20,000-change sync's CPU, and
    /// on Linux an inotify instance per process, a limit that can run out.
    /// </summary>
    public static HostApplicationBuilderSettings WithoutReload(string[]? args) =>
        // As a command-line value, read with the host's own configuration: a ConfigurationManager handed in through
        // the settings would belong to the caller and outlive the host (with the secrets provider's refresh timer).
        new() { Args = ["--hostBuilder:reloadConfigOnChange=false", .. args ?? []] };
}
