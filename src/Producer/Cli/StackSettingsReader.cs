using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;

namespace Pipeline.Producer.Cli;

/// <summary>
/// Reads a stack's settings parameter with the operator's own AWS credentials (the SDK's default chain: AWS_PROFILE,
/// access keys, SSO; region from AWS_REGION or the profile). Every failure becomes one line naming the parameter and
/// what to do: exit 2 when the stack or its parameter does not exist, 1 when AWS refused or could not be reached.
/// </summary>
public static class StackSettingsReader
{
    public static async Task<StackSettings> ReadAsync(string stack, Func<IAmazonSimpleSystemsManagement> createClient, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(createClient);
        if (!StackSettings.IsStackName(stack))
        {
            throw new StackSettingsException(Sync.ExitCodes.BadArguments,
                $"--stack '{stack}' cannot name a stack: give the Terraform `project` of the deployment (4-32 lower-case letters, digits and hyphens).");
        }

        var name = StackSettings.ParameterName(stack);
        string value;
        using (var ssm = createClient())
        {
            try
            {
                var response = await ssm.GetParameterAsync(new GetParameterRequest { Name = name }, ct).ConfigureAwait(false);
                value = response.Parameter?.Value ?? string.Empty;
            }
            catch (ParameterNotFoundException)
            {
                throw new StackSettingsException(Sync.ExitCodes.BadArguments,
                    $"no stack '{stack}' here: the SSM parameter {name} does not exist in {RegionOf(ssm)}. " +
                    "Check --stack (the Terraform `project`) and AWS_REGION / AWS_PROFILE; `terraform apply` in deploy/terraform writes the parameter.");
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is AmazonClientException && IsUnreachable(ex)))
            {
                // Said here, naming SSM: the CLI's general message would point at the queue's and table's endpoints.
                throw new StackSettingsException(Sync.ExitCodes.Failed,
                    $"could not reach SSM to read the parameter {name}: {(ex.InnerException ?? ex).Message.ReplaceLineEndings(" ").Trim().TrimEnd('.')}. " +
                    "Check the network, AWS_REGION and AWS_ENDPOINT_URL_SSM / AWS_ENDPOINT_URL if set.", ex);
            }
            catch (AmazonServiceException ex) when (ex is not ParameterNotFoundException)
            {
                throw new StackSettingsException(Sync.ExitCodes.Failed,
                    $"could not read the SSM parameter {name} ({ex.ErrorCode}, HTTP {(int)ex.StatusCode}): {ex.Message.ReplaceLineEndings(" ").Trim()} " +
                    "Your AWS credentials need ssm:GetParameter on it (and AWS_REGION the stack's region).", ex);
            }
        }

        var settings = StackSettings.Parse(value, name);
        if (!string.Equals(settings.Stack, stack, StringComparison.Ordinal))
        {
            throw new StackSettingsException(Sync.ExitCodes.BadArguments,
                $"the SSM parameter {name} describes stack '{settings.Stack}', not '{stack}'; `terraform apply` in deploy/terraform rewrites it.");
        }

        return settings;
    }

    /// <summary>The client a real CLI run uses: region and endpoint as the SDK finds them (AWS_ENDPOINT_URL_SSM is honoured by the SDK itself).</summary>
    public static IAmazonSimpleSystemsManagement CreateClient() =>
        new AmazonSimpleSystemsManagementClient(new AmazonSimpleSystemsManagementConfig { Timeout = TimeSpan.FromSeconds(30), MaxErrorRetry = 2 });

    /// <summary>A network failure, as opposed to the SDK's own configuration errors (no region, no credentials) that the CLI already words.</summary>
    private static bool IsUnreachable(Exception ex) =>
        ex.InnerException is HttpRequestException or System.Net.Sockets.SocketException or TaskCanceledException;

    private static string RegionOf(IAmazonSimpleSystemsManagement ssm) =>
        ssm.Config.RegionEndpoint?.SystemName ?? ssm.Config.AuthenticationRegion ?? "the configured region";
}
