using System.ComponentModel.DataAnnotations;

namespace Pipeline.Moodle;

/// <summary>Configuration section <c>Moodle</c>.</summary>
public sealed class MoodleOptions
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
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts for read functions (site info, get_users_by_field, get_users). Writes get exactly one.</summary>
    [Range(1, 10)]
    public int MaxReadAttempts { get; set; } = 4;

    /// <summary>First back-off between read attempts (exponential, jittered).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);
}
