namespace Pipeline.Domain;

/// <summary>Moodle's own user field names, as <see cref="FieldChange.Field"/> carries them.</summary>
public static class MoodleFields
{
    public const string Username = "username";
    public const string IdNumber = "idnumber";
    public const string FirstName = "firstname";
    public const string LastName = "lastname";
    public const string Email = "email";
    public const string Department = "department";
    public const string Institution = "institution";
    public const string City = "city";
    public const string Country = "country";
    public const string Auth = "auth";
    public const string Suspended = "suspended";
    public const string CustomFieldPrefix = "customfield:";

    public static string CustomField(string shortname) => CustomFieldPrefix + shortname;
}
