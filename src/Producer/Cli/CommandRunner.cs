using Amazon.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.BambooHr;
using Pipeline.Moodle;
using Pipeline.Queue;
using Pipeline.ServiceDefaults;
using Pipeline.State;

namespace Pipeline.Producer.Cli;

/// <summary>
/// Runs one CLI command inside a host built for just what it needs, and turns every failure an operator can meet
/// into one clear line on stderr and a non-zero exit code.
/// </summary>
public static class CommandRunner
{
    /// <summary>Lets tests run commands against their own configuration (emulator URLs, sandbox ports).</summary>
    public static Action<IHostApplicationBuilder>? ConfigureForTests { get; set; }

    /// <summary>Logging for operator commands: warnings and errors only, so the human output is all an operator sees.</summary>
    public const LogLevel Quiet = LogLevel.Warning;

    /// <param name="logLevel">
    /// The least severe entry logged to stderr. Logging__LogLevel__Default (or a category's level) overrides it.
    /// </param>
    public static Task<int> RunAsync(Needs needs, LogLevel logLevel, Func<IServiceProvider, CancellationToken, Task<int>> command, CancellationToken ct) =>
        RunAsync(null, needs, logLevel, command, ct);

    /// <param name="stack">
    /// With a stack's name (`--stack`), its settings are read from SSM with the operator's own credentials and fill the
    /// queue, DLQ, table, region and base URLs (<see cref="StackConfiguration"/>); null: configuration as given.
    /// </param>
    public static Task<int> RunAsync(string? stack, Needs needs, LogLevel logLevel, Func<IServiceProvider, CancellationToken, Task<int>> command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        return GuardAsync(async () =>
        {
            var settings = stack is null ? null : await StackSettingsReader.ReadAsync(stack, StackSettingsReader.CreateClient, ct).ConfigureAwait(false);
            using var host = ProducerHost.Build(needs, null, builder =>
            {
                if (settings is not null)
                {
                    StackConfiguration.Apply(builder, settings, needs);
                }

                // A rule from configuration ("Logging:LogLevel:Default") beats this minimum: the operator can still ask.
                builder.Logging.SetMinimumLevel(logLevel);
                // The host's own "Hosting failed to start" entry is a stack trace; the catch blocks below say the same in one line.
                builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
                ConfigureForTests?.Invoke(builder);
            });
            await host.StartAsync(ct).ConfigureAwait(false);
            try
            {
                return await command(host.Services, ct).ConfigureAwait(false);
            }
            finally
            {
                await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }, ct);
    }

    /// <summary>Runs <paramref name="body"/> and turns every failure an operator can meet into one line and an exit code.</summary>
    public static async Task<int> GuardAsync(Func<Task<int>> body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (ConfigurationErrors.TryFindBadEndpoint(out var badEndpoint))
        {
            return Fail(Sync.ExitCodes.BadArguments, badEndpoint);
        }

        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return Fail(Sync.ExitCodes.Interrupted, "interrupted; stopped before the command finished.");
        }
        catch (Exception ex) when (ConfigurationErrors.TryDescribe(ex, out var line))
        {
            return Fail(Sync.ExitCodes.BadArguments, line);
        }
        catch (StackSettingsException ex)
        {
            return Fail(ex.ExitCode, ex.Message);
        }
        catch (SecretsUnavailableException ex)
        {
            return Fail(Sync.ExitCodes.Failed, ex.Message);
        }
        catch (QueueAccessException ex)
        {
            return Fail(Sync.ExitCodes.Failed, ex.Message);
        }
        catch (BambooHrException ex)
        {
            return Fail(Sync.ExitCodes.Failed, $"BambooHR: {ex.Message}");
        }
        catch (MoodleException ex)
        {
            return Fail(Sync.ExitCodes.Failed, $"Moodle ({ex.ErrorCode}): {ex.Message}");
        }
        catch (Amazon.DynamoDBv2.Model.ResourceNotFoundException ex)
        {
            return Fail(Sync.ExitCodes.Failed, $"The state table was not found ({ex.Message}). Check State__TableName and AWS_REGION.");
        }
        catch (AmazonServiceException ex)
        {
            return Fail(Sync.ExitCodes.Failed, $"AWS refused a call ({ex.ErrorCode}, HTTP {(int)ex.StatusCode}): {OneLine(ex.Message)} " +
                "Check the credentials, AWS_REGION and that the role may use this queue and table.");
        }
        catch (AmazonClientException ex) when (ex.Message.Contains("RegionEndpoint", StringComparison.Ordinal))
        {
            return Fail(Sync.ExitCodes.BadArguments, "configuration is incomplete: set AWS_REGION (e.g. eu-west-2), the region of the queue and the table.");
        }
        catch (AmazonClientException ex) when (ex.Message.Contains("Failed to resolve AWS credentials", StringComparison.Ordinal))
        {
            return Fail(Sync.ExitCodes.BadArguments, "no AWS credentials were found: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, " +
                "or run where a role provides them (ECS task role, EC2 instance profile).");
        }
        catch (AmazonClientException ex)
        {
            return Fail(Sync.ExitCodes.Failed, $"Could not reach AWS: {OneLine(ex.Message)} Check AWS_REGION, credentials and network (AWS_ENDPOINT_URL_* for the local emulators).");
        }
        catch (HttpRequestException ex)
        {
            return Fail(Sync.ExitCodes.Failed, $"A service could not be reached: {ex.Message}. {Unreachable(ex.Message)}");
        }
        catch (LeaseLostException ex)
        {
            return Fail(Sync.ExitCodes.Refused, ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            // The state store's refusals (a run changed under us, a table being deleted) say what to do in their message.
            return Fail(Sync.ExitCodes.Failed, OneLine(ex.Message));
        }
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    /// <summary>Names the configured endpoint(s) the failed address belongs to, so the operator knows which setting to check.</summary>
    private static string Unreachable(string message)
    {
        var suspects = new List<string>();
        foreach (var variable in new[] { "AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL", "BambooHr__BaseUrl", "Moodle__BaseUrl" })
        {
            if (Uri.TryCreate(Environment.GetEnvironmentVariable(variable), UriKind.Absolute, out var uri)
                && message.Contains($"{uri.Host}:{uri.Port}", StringComparison.OrdinalIgnoreCase))
            {
                suspects.Add($"{variable}={uri.GetLeftPart(UriPartial.Authority)}");
            }
        }

        return suspects.Count > 0
            ? $"That address is configured as {string.Join(" and ", suspects)}: check the service runs there (./demo.sh up starts the local ones)."
            : "Check AWS_ENDPOINT_URL_SQS, AWS_ENDPOINT_URL_DYNAMODB, BambooHr__BaseUrl and Moodle__BaseUrl, and the network.";
    }

    public static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return code;
    }

    public static T Get<T>(this IServiceProvider sp) where T : notnull => sp.GetRequiredService<T>();
}
