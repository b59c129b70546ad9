using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Pipeline.Producer.Cli;

/// <summary>Puts a stack's settings into a command's configuration, before its options are validated.</summary>
public static class StackConfiguration
{
    /// <summary>
    /// Added last, so the stack's queue, DLQ, table and base URLs win over whatever the environment still holds (a
    /// leftover demo setting must not send `--stack prod` to another queue); every other setting comes from the
    /// environment as usual. The stack's region wins too: the SDK clients read AWS_REGION from the process.
    /// </summary>
    public static void Apply(IHostApplicationBuilder builder, StackSettings settings, Needs needs)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        Environment.SetEnvironmentVariable("AWS_REGION", settings.Region);
        builder.Configuration.AddInMemoryCollection(settings.ToConfiguration());

        var missing = new List<string>();
        if (needs.HasFlag(Needs.BambooHr) && string.IsNullOrWhiteSpace(builder.Configuration["BambooHr:ApiKey"]))
        {
            missing.Add("BambooHr__ApiKey (key bamboohr_api_key)");
        }

        if (needs.HasFlag(Needs.Moodle) && string.IsNullOrWhiteSpace(builder.Configuration["Moodle:Token"]))
        {
            missing.Add("Moodle__Token (key moodle_token)");
        }

        if (missing.Count > 0)
        {
            // The CLI has no Secrets Manager client (AWSSDK.SecretsManager is not available to this build), so the
            // operator passes the secret's values; say where they are rather than only that they are missing.
            throw new StackSettingsException(Sync.ExitCodes.BadArguments,
                $"this command reads BambooHR or Moodle, and --stack reads no secret: set {string.Join(" and ", missing)} " +
                $"from the stack's secret {settings.SecretArn ?? "(see the Terraform output secret_arn)"}, e.g. " +
                "`export Moodle__Token=\"$(aws secretsmanager get-secret-value --secret-id <arn> --query SecretString --output text | jq -r .moodle_token)\"` " +
                "(docs/runbook.md, \"From a laptop\").");
        }
    }
}
