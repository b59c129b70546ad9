using System.Text.Json;
using System.Text.RegularExpressions;

namespace Pipeline.Producer.Cli;

/// <summary>
/// A deployed stack's settings, as Terraform writes them to one SSM parameter (deploy/terraform/settings.tf; change
/// both together): where the queue, the DLQ and the state table are, so `pipeline --stack &lt;name&gt;` needs nothing
/// else from the operator but their own AWS credentials. It holds no secret, only the secret's ARN.
/// </summary>
public sealed partial record StackSettings(
    string Stack,
    string Region,
    string QueueUrl,
    string DeadLetterQueueUrl,
    string StateTableName,
    string? MoodleBaseUrl,
    string? BambooHrBaseUrl,
    string? SecretArn)
{
    /// <summary>The parameter Terraform writes for a stack (its <c>project</c> variable).</summary>
    public static string ParameterName(string stack) => $"/{stack}/pipeline/settings";

    /// <summary>What Terraform accepts as <c>project</c>: anything else cannot name a stack, so it is refused before any AWS call.</summary>
    public static bool IsStackName(string stack) => StackName().IsMatch(stack);

    /// <summary>The settings as the .NET configuration keys the commands already read (Queue__QueueUrl, ...).</summary>
    public IReadOnlyDictionary<string, string?> ToConfiguration()
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Queue:QueueUrl"] = QueueUrl,
            ["Queue:DeadLetterQueueUrl"] = DeadLetterQueueUrl,
            ["State:TableName"] = StateTableName,
            ["AWS_REGION"] = Region,
        };
        if (MoodleBaseUrl is not null)
        {
            data["Moodle:BaseUrl"] = MoodleBaseUrl;
        }

        if (BambooHrBaseUrl is not null)
        {
            data["BambooHr:BaseUrl"] = BambooHrBaseUrl;
        }

        return data;
    }

    /// <summary>Reads the parameter's JSON; a missing or empty required key is a bad parameter (exit 2), named with the key.</summary>
    public static StackSettings Parse(string json, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            throw Bad(parameterName, "is not JSON");
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Bad(parameterName, "is not a JSON object");
            }

            var root = doc.RootElement;
            return new StackSettings(
                Required(root, "stack", parameterName),
                Required(root, "region", parameterName),
                Required(root, "queue_url", parameterName),
                Required(root, "dlq_url", parameterName),
                Required(root, "state_table_name", parameterName),
                Optional(root, "moodle_base_url", parameterName),
                Optional(root, "bamboohr_base_url", parameterName),
                Optional(root, "secret_arn", parameterName));
        }
    }

    private static string Required(JsonElement root, string key, string parameterName) =>
        Optional(root, key, parameterName) ?? throw Bad(parameterName, $"has no value for \"{key}\"");

    private static string? Optional(JsonElement root, string key, string parameterName)
    {
        if (!root.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw Bad(parameterName, $"has a {value.ValueKind} for \"{key}\" where a string belongs");
        }

        var text = value.GetString();
        return string.IsNullOrWhiteSpace(text) ? null : text;
    }

    private static StackSettingsException Bad(string parameterName, string what) =>
        new(Sync.ExitCodes.BadArguments,
            $"the stack's settings parameter {parameterName} {what}; `terraform apply` in deploy/terraform writes it (README, \"Operating from a laptop\").");

    [GeneratedRegex("^[a-z][a-z0-9-]{2,30}[a-z0-9]$")]
    private static partial Regex StackName();
}

/// <summary>The stack's settings could not be read: one line for the operator, and the exit code it deserves.</summary>
public sealed class StackSettingsException : Exception
{
    public StackSettingsException() { }

    public StackSettingsException(string message) : base(message) { }

    public StackSettingsException(string message, Exception innerException) : base(message, innerException) { }

    public StackSettingsException(int exitCode, string message, Exception? innerException = null) : base(message, innerException) => ExitCode = exitCode;

    public int ExitCode { get; } = Sync.ExitCodes.Failed;
}
