using System.ComponentModel.DataAnnotations;

namespace Pipeline.BambooHr;

/// <summary>Configuration section "BambooHr".</summary>
public sealed class BambooHrOptions : IValidatableObject
{
    public const string SectionName = "BambooHr";

    /// <summary>
    /// API root the client appends "v1/..." to: "https://acme.bamboohr.com/api/" or the legacy
    /// "https://api.bamboohr.com/api/gateway.php/acme/" (the sandbox: "http://127.0.0.1:5080/api/gateway.php/acme/").
    /// </summary>
    [Required]
    public string BaseUrl { get; set; } = "";

    [Required]
    public string ApiKey { get; set; } = "";

    /// <summary>Employee ids per custom-report call.</summary>
    [Range(1, 5000)]
    public int BulkChunkSize { get; set; } = 500;

    /// <summary>Per-attempt timeout. How many attempts and what backoff is section Retry:BambooHr.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            yield return new ValidationResult(
                "BambooHr:BaseUrl must be an absolute http(s) URL such as https://acme.bamboohr.com/api/.", [nameof(BaseUrl)]);
        }
        else if (uri.Query.Length > 0 || uri.AbsolutePath.Contains("/v1", StringComparison.Ordinal))
        {
            yield return new ValidationResult(
                "BambooHr:BaseUrl must be the API root without v1 or a query (the client appends v1/...), e.g. https://acme.bamboohr.com/api/.",
                [nameof(BaseUrl)]);
        }

        if (string.IsNullOrWhiteSpace(ApiKey))
        {
            yield return new ValidationResult("BambooHr:ApiKey is empty; set it to the API key of an enabled BambooHR user.", [nameof(ApiKey)]);
        }

        if (Timeout <= TimeSpan.Zero)
        {
            yield return new ValidationResult("BambooHr:Timeout must be positive.", [nameof(Timeout)]);
        }
    }
}
