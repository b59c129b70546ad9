using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Pipeline.Sandbox.BambooHr;
using Pipeline.Sandbox.Moodle;

namespace Pipeline.LocalStack;

/// <summary>The BambooHR and Moodle stand-ins, running in this process or as processes (<see cref="SandboxSettings.AsProcesses"/>).</summary>
public abstract class Sandboxes : IAsyncDisposable
{
    private protected Sandboxes(SandboxSettings settings, Uri bambooHr, Uri moodle)
    {
        Settings = settings;
        BambooHrUrl = bambooHr;
        MoodleUrl = moodle;
    }

    public SandboxSettings Settings { get; }

    /// <summary>The BambooHR stand-in's root (ends with '/').</summary>
    public Uri BambooHrUrl { get; }

    /// <summary>The Moodle stand-in's site root (ends with '/').</summary>
    public Uri MoodleUrl { get; }

    /// <summary>What the pipeline's BambooHR client is pointed at (the legacy gateway path, company "acme").</summary>
    public Uri BambooHrApiBase => new(BambooHrUrl, "api/gateway.php/acme/");

    public static async Task<Sandboxes> StartAsync(SandboxSettings settings, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.AsProcesses
            ? await SandboxProcesses.LaunchAsync(settings, ct).ConfigureAwait(false)
            : await InProcessSandboxes.LaunchAsync(settings, ct).ConfigureAwait(false);
    }

    public abstract ValueTask DisposeAsync();

    private protected static Uri Root(int port) => new($"http://127.0.0.1:{port}/");

    private sealed class InProcessSandboxes(SandboxSettings settings, WebApplication bamboo, WebApplication moodle)
        : Sandboxes(settings, new Uri(bamboo.Urls.Single().TrimEnd('/') + "/"), new Uri(moodle.Urls.Single().TrimEnd('/') + "/"))
    {
        public static async Task<Sandboxes> LaunchAsync(SandboxSettings settings, CancellationToken ct)
        {
            var bamboo = BambooHrSandbox.Build(
                ["--urls", Root(settings.BambooHrPort).ToString().TrimEnd('/'),
                 "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.AspNetCore=Error"],
                o =>
                {
                    o.ApiKey = settings.BambooHrApiKey;
                    settings.ConfigureBambooHr?.Invoke(o);
                });
            var moodle = MoodleSandbox.Build([], o =>
            {
                o.Urls = Root(settings.MoodlePort).ToString().TrimEnd('/');
                o.AdminToken = settings.MoodleAdminToken;
                o.MinimumLogLevel = LogLevel.Warning;
                settings.ConfigureMoodle?.Invoke(o);
            });
            if (settings.MoodleMiddleware is { } middleware)
            {
                moodle.Use(middleware);
            }

            try
            {
                await bamboo.StartAsync(ct).ConfigureAwait(false);
                await moodle.StartAsync(ct).ConfigureAwait(false);
            }
            catch
            {
                await bamboo.DisposeAsync().ConfigureAwait(false);
                await moodle.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            return new InProcessSandboxes(settings, bamboo, moodle);
        }

        public override async ValueTask DisposeAsync()
        {
            await moodle.StopAsync().ConfigureAwait(false);
            await bamboo.StopAsync().ConfigureAwait(false);
            await moodle.DisposeAsync().ConfigureAwait(false);
            await bamboo.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed class SandboxProcesses(SandboxSettings settings, ChildProcess bamboo, ChildProcess moodle)
        : Sandboxes(settings, Root(settings.BambooHrPort), Root(settings.MoodlePort))
    {
        private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(1);

        public static async Task<Sandboxes> LaunchAsync(SandboxSettings settings, CancellationToken ct)
        {
            foreach (var (port, what) in new[] { (settings.BambooHrPort, "BambooHR"), (settings.MoodlePort, "Moodle") })
            {
                if (port == 0 || await InUseAsync(port, ct).ConfigureAwait(false))
                {
                    throw new InvalidOperationException(port == 0
                        ? $"The {what} stand-in runs as a process on a port given in advance; none was."
                        : $"Port {port} for the {what} stand-in is in use; choose another.");
                }
            }

            ChildProcess Start(string name, string program, int port, string secretVariable, string secret) => ChildProcess.Start(new ProcessStart
            {
                Program = program,
                Arguments = ["--urls", Root(port).ToString().TrimEnd('/')],
                Environment = new Dictionary<string, string?> { [secretVariable] = secret },
                Name = name,
                LogDirectory = settings.LogDirectory,
            });
            var bamboo = Start("bamboohr", Binaries.BambooHrSandbox(), settings.BambooHrPort, "Sandbox__ApiKey", settings.BambooHrApiKey);
            var moodle = Start("moodle", Binaries.MoodleSandbox(), settings.MoodlePort, "MoodleSandbox__AdminToken", settings.MoodleAdminToken);
            var sandboxes = new SandboxProcesses(settings, bamboo, moodle);
            try
            {
                await WaitAnsweringAsync(bamboo, new Uri(sandboxes.BambooHrUrl, "_sandbox/bamboohr/employees"), ct).ConfigureAwait(false);
                await WaitAnsweringAsync(moodle, new Uri(sandboxes.MoodleUrl, "_sandbox/moodle/stats"), ct).ConfigureAwait(false);
            }
            catch
            {
                await sandboxes.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            return sandboxes;
        }

        public override async ValueTask DisposeAsync()
        {
            await Task.WhenAll(bamboo.StopAsync(TimeSpan.FromSeconds(5)), moodle.StopAsync(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
            await bamboo.DisposeAsync().ConfigureAwait(false);
            await moodle.DisposeAsync().ConfigureAwait(false);
        }

        private static async Task<bool> InUseAsync(int port, CancellationToken ct)
        {
            using var probe = new TcpClient();
            try
            {
                await probe.ConnectAsync("127.0.0.1", port, ct).ConfigureAwait(false);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }

        private static async Task WaitAnsweringAsync(ChildProcess process, Uri url, CancellationToken ct)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var deadline = DateTimeOffset.UtcNow + StartLimit;
            while (true)
            {
                try
                {
                    using var response = await http.GetAsync(url, ct).ConfigureAwait(false);
                    return;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
                {
                    if (process.HasExited || DateTimeOffset.UtcNow > deadline)
                    {
                        throw new InvalidOperationException(
                            $"The {process.Name} stand-in did not answer at {url}{(process.HasExited ? " (it exited)" : string.Empty)}; see {process.LogHint}.", e);
                    }
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250), ct).ConfigureAwait(false);
            }
        }
    }
}
