namespace Pipeline.Moodle.Tests;

internal static class TestUsers
{
    public static NewMoodleUser New(string key, string? costCenter = "CC-1") => new()
    {
        Username = "u" + key,
        Password = "Str0ng#Pass1",
        Email = $"u{key}@example.com",
        IdNumber = "EMP-" + key,
        Profile = new Dictionary<string, string?>
        {
            ["firstname"] = "First" + key,
            ["lastname"] = "Last" + key,
            ["department"] = "Engineering",
            ["city"] = "Berlin",
            ["country"] = "DE",
        },
        CustomFields = costCenter is null ? null : new Dictionary<string, string?> { ["costcenter"] = costCenter },
    };
}
