using Amazon.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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

    public static async Task<int> RunAsync(Needs needs, Func<IServiceProvider, CancellationToken, Task<int>> command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        try
        {
            using var host = ProducerHost.Build(needs, null, ConfigureForTests);
            await host.StartAsync(ct).ConfigureAwait(false);
            try
            {
                return await command(host.Services, ct).ConfigureAwait(false);
            }
            finally
            {
                await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (OptionsValidationException ex)
        {
            return Fail(Sync.ExitCodes.BadArguments, $"Configuration is incomplete: {string.Join("; ", ex.Failures)}. " +
                "Set the missing keys as environment variables (e.g. Queue__QueueUrl, State__TableName); see README \"Configuration\".");
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
            return Fail(Sync.ExitCodes.Failed, $"AWS refused a call ({ex.ErrorCode}, HTTP {(int)ex.StatusCode}): {ex.Message} " +
                "Check the credentials, AWS_REGION and that the role may use this queue and table.");
        }
        catch (AmazonClientException ex)
        {
            return Fail(Sync.ExitCodes.Failed, $"Could not reach AWS: {ex.Message} Check AWS_REGION, credentials and network (AWS_ENDPOINT_URL_* for the local emulators).");
        }
        catch (HttpRequestException ex)
        {
            return Fail(Sync.ExitCodes.Failed, $"A service could not be reached: {ex.Message}");
        }
        catch (LeaseLostException ex)
        {
            return Fail(Sync.ExitCodes.Refused, ex.Message);
        }
    }

    public static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return code;
    }

    public static T Get<T>(this IServiceProvider sp) where T : notnull => sp.GetRequiredService<T>();
}
