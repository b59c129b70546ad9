using System.Collections;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Pipeline.Producer.Cli;

/// <summary>
/// Turns a configuration that cannot start the host (options that fail validation, a value that does not convert)
/// into one line naming the settings as the operator sets them: environment variables such as Queue__QueueUrl.
/// </summary>
internal static partial class ConfigurationErrors
{
    private const string Where = "(environment variables; see README \"Configuration\").";

    public static bool TryDescribe(Exception ex, out string line)
    {
        line = ex switch
        {
            OptionsValidationException one => Describe([one]),
            // The host validates every options type at start and reports all that failed together.
            AggregateException all when all.InnerExceptions.Count > 0 && all.InnerExceptions.All(e => e is OptionsValidationException) =>
                Describe(all.InnerExceptions.Cast<OptionsValidationException>()),
            InvalidOperationException bad when ConversionFailed().Match(bad.Message) is { Success: true } m =>
                $"configuration is invalid: {Key(m.Groups["key"].Value)} must be {Expected(m.Groups["type"].Value)}, not '{m.Groups["value"].Value}' {Where}",
            InvalidOperationException bad when UnknownLogLevel().Match(bad.Message) is { Success: true } m =>
                $"configuration is invalid: {LoggingKeysWithValue(m.Groups["value"].Value)} must be a log level " +
                $"(Trace, Debug, Information, Warning, Error, Critical or None), not '{m.Groups["value"].Value}' {Where}",
            _ => string.Empty,
        };
        return line.Length > 0;
    }

    /// <summary>
    /// Endpoint variables read outside the options (by the AWS SDK and the OpenTelemetry exporter): the SDK's own error
    /// calls them "ServiceURL", and the exporter ignores a bad one silently.
    /// </summary>
    public static bool TryFindBadEndpoint(out string line)
    {
        var bad = new[] { "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL_DYNAMODB", "OTEL_EXPORTER_OTLP_ENDPOINT" }
            .Select(key => (Key: key, Value: Environment.GetEnvironmentVariable(key)))
            .Where(e => !string.IsNullOrEmpty(e.Value)
                && !(Uri.TryCreate(e.Value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
            .Select(e => $"{e.Key} must be an absolute http(s) URL such as http://127.0.0.1:4566, not '{e.Value}'")
            .ToList();
        line = bad.Count > 0 ? $"configuration is invalid: {string.Join("; ", bad)} {Where}" : string.Empty;
        return bad.Count > 0;
    }

    private static string Describe(IEnumerable<OptionsValidationException> failures)
    {
        var missing = new List<string>();
        var invalid = new List<string>();
        foreach (var failure in failures)
        {
            var section = Section(failure.OptionsType);
            foreach (var text in failure.Failures.Distinct(StringComparer.Ordinal))
            {
                var m = MemberFailure().Match(text);
                var member = m.Success ? m.Groups["member"].Value : null;
                var key = member is null ? section : $"{section}__{member.Replace(".", "__", StringComparison.Ordinal)}";
                var message = m.Success ? m.Groups["message"].Value : text;
                if (member is not null)
                {
                    // "The QueueOptions.QueueUrl field ..." and "BambooHr:BaseUrl must ..." name the setting as code sees it.
                    message = message.Replace($"{failure.OptionsType.Name}.{member}", key, StringComparison.Ordinal)
                        .Replace($"{section}:{member.Replace(".", ":", StringComparison.Ordinal)}", key, StringComparison.Ordinal);
                }

                if (message.Contains("is required", StringComparison.OrdinalIgnoreCase))
                {
                    if (!missing.Contains(key))
                    {
                        missing.Add(key);
                    }
                }
                else
                {
                    invalid.Add((message.Contains(key, StringComparison.Ordinal) ? message : $"{key}: {message}").TrimEnd('.'));
                }
            }
        }

        // A key that is missing also fails its other checks (e.g. "must be an absolute URL"): name it once, as missing.
        invalid.RemoveAll(i => missing.Any(k => i.StartsWith(k + ":", StringComparison.Ordinal) || i.Contains(k + " ", StringComparison.Ordinal)));
        var parts = new List<string>();
        if (missing.Count > 0)
        {
            parts.Add("set " + string.Join(", ", missing));
        }

        parts.AddRange(invalid);
        return $"configuration is {(missing.Count > 0 ? "incomplete" : "invalid")}: {string.Join("; ", parts)} {Where}";
    }

    /// <summary>Options classes are bound from the section of their name without "Options" (QueueOptions from "Queue").</summary>
    private static string Section(Type type) =>
        type.Name.EndsWith("Options", StringComparison.Ordinal) && type.Name.Length > "Options".Length ? type.Name[..^"Options".Length] : type.Name;

    private static string Key(string configurationPath) => configurationPath.Replace(":", "__", StringComparison.Ordinal);

    private static string Expected(string type) => type switch
    {
        "System.TimeSpan" => "a duration such as 00:30:00",
        "System.Int32" or "System.Int64" => "a whole number",
        "System.Boolean" => "true or false",
        "System.Double" => "a number",
        "System.Uri" => "an absolute URL",
        _ => $"a {type.Split('.')[^1]}",
    };

    /// <summary>The logging filter's own error does not say which key holds the bad level: the environment does.</summary>
    private static string LoggingKeysWithValue(string value)
    {
        var keys = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .Where(e => e.Key is string k && k.StartsWith("Logging__", StringComparison.OrdinalIgnoreCase) && string.Equals(e.Value as string, value, StringComparison.Ordinal))
            .Select(e => (string)e.Key)
            .Order(StringComparer.Ordinal)
            .ToList();
        return keys.Count > 0 ? string.Join(", ", keys) : "a Logging__LogLevel__* setting";
    }

    [GeneratedRegex(@"^(?<member>[A-Za-z_][\w.\[\]]*): (?<message>.+)$", RegexOptions.Singleline)]
    private static partial Regex MemberFailure();

    [GeneratedRegex(@"Failed to convert configuration value '(?<value>.*)' at '(?<key>[^']+)' to type '(?<type>[^']+)'", RegexOptions.Singleline)]
    private static partial Regex ConversionFailed();

    [GeneratedRegex(@"^Configuration value '(?<value>.*)' is not supported\.", RegexOptions.Singleline)]
    private static partial Regex UnknownLogLevel();
}
