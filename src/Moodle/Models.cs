namespace Pipeline.Moodle;

/// <summary>A user as core_user_get_users_by_field returns it. Absent optional fields are null.</summary>
public sealed record MoodleUser(
    long Id,
    string Username,
    string FirstName,
    string LastName,
    string Email,
    string? IdNumber,
    string? Department,
    string? Institution,
    string? City,
    string? Country,
    string Auth,
    bool Suspended,
    IReadOnlyDictionary<string, string?> CustomFields);

/// <summary>A user to create. Moodle refuses <c>suspended</c> on create: create, then update.</summary>
public sealed record NewMoodleUser
{
    public required string Username { get; init; }
    public string Auth { get; init; } = "manual";

    /// <summary>Let Moodle generate a password (and force a change at first login).</summary>
    public bool CreatePassword { get; init; }
    public string? Password { get; init; }
    public required string FirstName { get; init; }
    public required string LastName { get; init; }
    public required string Email { get; init; }
    public required string IdNumber { get; init; }
    public string? Department { get; init; }
    public string? Institution { get; init; }
    public string? City { get; init; }
    public string? Country { get; init; }
    public IReadOnlyDictionary<string, string?>? CustomFields { get; init; }
}

/// <summary>Changes to one user; only non-null fields are sent.</summary>
public sealed record MoodleUserUpdate
{
    public required long Id { get; init; }
    public string? Username { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Email { get; init; }
    public string? IdNumber { get; init; }
    public string? Department { get; init; }
    public string? Institution { get; init; }
    public string? City { get; init; }
    public string? Country { get; init; }
    public string? Auth { get; init; }
    public bool? Suspended { get; init; }
    public IReadOnlyDictionary<string, string?>? CustomFields { get; init; }
}

public sealed record CreatedUser(long Id, string Username);

/// <summary>A per-user refusal from core_user_update_users (e.g. invaliduserid, useremailduplicate, useremailinvalid).</summary>
public sealed record MoodleWarning(string? Item, long? ItemId, string WarningCode, string Message);

public sealed record MoodleSiteInfo(
    string SiteName,
    string Release,
    IReadOnlyList<string> Functions,
    string Version,
    long UserId,
    string Username,
    string SiteUrl,
    bool IsSiteAdmin);
