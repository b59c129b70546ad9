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

    /// <summary>Time allowed for one HTTP attempt. How many attempts a read gets is section Retry:Moodle.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    // Range(typeof(TimeSpan), ...) parses through a TypeConverter found by reflection, which the ahead-of-time
    // compiled producer cannot rely on; this check says the same thing in code.
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Timeout < TimeSpan.FromMilliseconds(50) || Timeout > TimeSpan.FromMinutes(10))
        {
            yield return new ValidationResult($"Moodle:Timeout must be between 00:00:00.050 and 00:10:00 (is {Timeout}).", [nameof(Timeout)]);
        }
    }
}
