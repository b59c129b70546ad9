namespace Pipeline.ServiceDefaults;

/// <summary>
/// Where the consumer Lambda reads its secret: the AWS Parameters and Secrets Lambda Extension,
/// which serves Secrets Manager on localhost. Configuration section "Secrets".
/// </summary>
public sealed class SecretsExtensionOptions
{
    /// <summary>The secret's ARN or name. Unset locally and on ECS (ECS injects secrets as env vars).</summary>
    public string? SecretId { get; set; }

    /// <summary>The extension's endpoint; AWS serves it on port 2773 (PARAMETERS_SECRETS_EXTENSION_HTTP_PORT).</summary>
    public Uri Endpoint { get; set; } = new("http://localhost:2773/");

    /// <summary>How long a value read from the extension is reused before asking again (rotation picks up after this).</summary>
    public TimeSpan CacheTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Secret JSON key → configuration key it fills.</summary>
    public static readonly IReadOnlyDictionary<string, string> KeyMap = new Dictionary<string, string>
    {
        ["bamboohr_api_key"] = "BambooHr:ApiKey",
        ["moodle_token"] = "Moodle:Token",
    };
}
