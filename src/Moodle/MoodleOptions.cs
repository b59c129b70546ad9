using System.ComponentModel.DataAnnotations;

namespace Pipeline.Moodle;

/// <summary>Configuration section <c>Moodle</c>.</summary>
public sealed class MoodleOptions : IValidatableObject
{
    public const string SectionName = "Moodle";

    /// <summary>Site root, e.g. <c>https://lms.example.com/</c>; the client posts to <c>webservice/rest/server.php</c> under it.</summary>
    [Required]
    [Url]
    public string BaseUrl { get; set; } = string.Empty;

    /// <summary>Web service token. Sent only in POST bodies.</summary>
    [Required]
    public string Token { get; set; } = string.Empty;

    /// <summary>Time allowed for one HTTP attempt.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts for read functions (site info, get_users_by_field, get_users). Writes get exactly one.</summary>
    [Range(1, 10)]
    public int MaxReadAttempts { get; set; } = 4;

    /// <summary>First back-off between read attempts (exponential, jittered).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    // Range(typeof(TimeSpan), ...) parses through a TypeConverter found by reflection, which the ahead-of-time
    // compiled producer cannot rely on; these two checks say the same thing in code.
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Timeout < TimeSpan.FromMilliseconds(50) || Timeout > TimeSpan.FromMinutes(10))
        {
            yield return new ValidationResult($"Moodle:Timeout must be between 00:00:00.050 and 00:10:00 (is {Timeout}).", [nameof(Timeout)]);
        }

        if (RetryBaseDelay < TimeSpan.Zero || RetryBaseDelay > TimeSpan.FromMinutes(1))
        {
            yield return new ValidationResult($"Moodle:RetryBaseDelay must be between 00:00:00 and 00:01:00 (is {RetryBaseDelay}).", [nameof(RetryBaseDelay)]);
        }
    }
}
