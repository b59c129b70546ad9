using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Pipeline.Resilience;

/// <summary>
/// Checks <see cref="RetryOptions"/> in code (no reflection: the producer ships compiled ahead of time), and refuses the
/// keys the retry settings had before they moved here, so a setting that would now be ignored stops the start instead.
/// </summary>
public sealed class RetryOptionsValidator(IConfiguration configuration) : IValidateOptions<RetryOptions>
{
    // SQS keeps a message invisible for at most 12 hours; the jitter may add a fifth to the cap.
    private static readonly TimeSpan LongestDelay = TimeSpan.FromHours(10);

    private static readonly (string Old, string New)[] MovedKeys =
    [
        ("Moodle:MaxReadAttempts", "Retry:Moodle:MaxAttempts"),
        ("Moodle:RetryBaseDelay", "Retry:Moodle:BaseDelay"),
        ("BambooHr:MaxAttempts", "Retry:BambooHr:MaxAttempts"),
        ("BambooHr:RetryBaseDelay", "Retry:BambooHr:BaseDelay"),
        ("Queue:MaxPublishAttempts", "Retry:Sqs:MaxAttempts"),
        ("Consumer:RetryBaseDelay", "Retry:Redelivery:BaseDelay"),
        ("Consumer:MaxRetryDelay", "Retry:Redelivery:MaxDelay"),
    ];

    public ValidateOptionsResult Validate(string? name, RetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        foreach (var (old, now) in MovedKeys)
        {
            if (configuration[old] is not null)
            {
                failures.Add($"{old} ({Env(old)}) is no longer read: set {now} ({Env(now)}) instead.");
            }
        }

        Check(failures, "Moodle", options.Moodle);
        Check(failures, "BambooHr", options.BambooHr);
        Check(failures, "Sqs", options.Sqs);
        Check(failures, "DynamoDb", options.DynamoDb);
        Check(failures, "Redelivery", options.Redelivery);
        if (options.Aws is null || options.Aws.MaxAttempts is < 1 or > 20)
        {
            failures.Add($"Retry:Aws:MaxAttempts must be between 1 and 20 (is {options.Aws?.MaxAttempts}).");
        }
        else if (!Enum.IsDefined(options.Aws.Mode))
        {
            failures.Add($"Retry:Aws:Mode must be Standard or Adaptive (is {options.Aws.Mode}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, string name, Backoff? backoff)
    {
        var key = $"{RetryOptions.SectionName}:{name}";
        if (backoff is null)
        {
            failures.Add($"{key} is missing.");
            return;
        }

        if (backoff is RetryRule { MaxAttempts: < 1 or > 20 } rule)
        {
            failures.Add($"{key}:MaxAttempts must be between 1 and 20 (is {rule.MaxAttempts}).");
        }

        if (backoff.MaxDelay < TimeSpan.Zero || backoff.MaxDelay > LongestDelay)
        {
            failures.Add($"{key}:MaxDelay must be between 00:00:00 and {LongestDelay} (is {backoff.MaxDelay}).");
        }

        if (backoff.BaseDelay < TimeSpan.Zero || backoff.BaseDelay > backoff.MaxDelay)
        {
            failures.Add($"{key}:BaseDelay must be between 00:00:00 and {key}:MaxDelay ({backoff.MaxDelay}) (is {backoff.BaseDelay}).");
        }
    }

    private static string Env(string key) => key.Replace(":", "__", StringComparison.Ordinal);
}
