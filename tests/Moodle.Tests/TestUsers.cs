namespace Pipeline.Moodle.Tests;

internal static class TestUsers
{
    public static NewMoodleUser New(string key, string? costCenter = "CC-1") => new()
    {
        Username = "u" + key,
        Password = "Str0ng#Pass1",
        FirstName = "First" + key,
        LastName = "Last" + key,
        Email = $"u{key}@example.com",
        IdNumber = "EMP-" + key,
        Department = "Engineering",
        City = "Berlin",
        Country = "DE",
        CustomFields = costCenter is null ? null : new Dictionary<string, string?> { ["costcenter"] = costCenter },
    };
}
