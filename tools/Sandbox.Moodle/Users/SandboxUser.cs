namespace Pipeline.Sandbox.Moodle.Users;

/// <summary>A row of Moodle's user table (the fields the sync touches) plus its custom profile data.</summary>
internal sealed class SandboxUser
{
    public long Id { get; set; }
    public string Username { get; set; } = string.Empty;
    public string Auth { get; set; } = "manual";
    public bool HasPassword { get; set; }
    public bool ForcePasswordChange { get; set; }
    public bool Suspended { get; set; }
    public bool Deleted { get; set; }
    public bool Confirmed { get; set; } = true;
    public string FirstName { get; set; } = string.Empty;
    public string LastName { get; set; } = string.Empty;
    public string Email { get; set; } = string.Empty;
    public string IdNumber { get; set; } = string.Empty;
    public string Institution { get; set; } = string.Empty;
    public string Department { get; set; } = string.Empty;
    public string City { get; set; } = string.Empty;
    public string Country { get; set; } = string.Empty;
    public string Lang { get; set; } = "en";
    public string Theme { get; set; } = string.Empty;
    public string Timezone { get; set; } = "99";
    public int MailFormat { get; set; } = 1;
    public bool IsSiteAdmin { get; set; }
    public bool IsGuest { get; set; }
    public long TimeCreated { get; set; }
    public long TimeModified { get; set; }
    public Dictionary<string, string> CustomFields { get; set; } = new(StringComparer.Ordinal);

    public SandboxUser Clone()
    {
        var copy = (SandboxUser)MemberwiseClone();
        copy.CustomFields = new Dictionary<string, string>(CustomFields, StringComparer.Ordinal);
        return copy;
    }
}
