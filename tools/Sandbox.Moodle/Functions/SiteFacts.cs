namespace Pipeline.Sandbox.Moodle.Functions;

/// <summary>Site-wide facts the responses mention: its URL, name, theme revision and custom profile fields.</summary>
internal sealed record SiteFacts(string SiteUrl, string SiteName, IReadOnlyDictionary<string, string> CustomFields)
{
    /// <summary>Theme revision seen in the reference site's image URLs; any number would do.</summary>
    public const string ThemeRevision = "1795355142";

    public string ImageUrl(string size) => $"{SiteUrl}/theme/image.php/boost/core/{ThemeRevision}/u/{size}";
}
