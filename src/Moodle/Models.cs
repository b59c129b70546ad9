using Pipeline.Domain.Fields;

namespace Pipeline.Moodle;

/// <summary>
/// A user as core_user_get_users_by_field returns it. <see cref="Profile"/> holds every descriptive field of the field
/// table (<see cref="FieldTable.Moodle.Descriptive"/>: firstname, lastname, department, …) by Moodle name, null when
/// Moodle sent none; <see cref="CustomFields"/> the custom profile fields by shortname.
/// </summary>
public sealed record MoodleUser(
    long Id,
    string Username,
    string Email,
    string? IdNumber,
    string Auth,
    bool Suspended,
    IReadOnlyDictionary<string, string?> Profile,
    IReadOnlyDictionary<string, string?> CustomFields);

/// <summary>A user to create. Moodle refuses <c>suspended</c> on create: create, then update.</summary>
public sealed record NewMoodleUser
{
    public required string Username { get; init; }
    public string Auth { get; init; } = "manual";

    /// <summary>Let Moodle generate a password (and force a change at first login).</summary>
    public bool CreatePassword { get; init; }
    public string? Password { get; init; }
    public required string Email { get; init; }
    public required string IdNumber { get; init; }

    /// <summary>
    /// Descriptive fields by Moodle name (<see cref="FieldTable.Moodle.Descriptive"/>); Moodle needs firstname and
    /// lastname. Null or absent values are not sent.
    /// </summary>
    public required IReadOnlyDictionary<string, string?> Profile { get; init; }
    public IReadOnlyDictionary<string, string?>? CustomFields { get; init; }
}

/// <summary>Changes to one user; only non-null fields are sent.</summary>
public sealed record MoodleUserUpdate
{
    public required long Id { get; init; }
    public string? Username { get; init; }
    public string? Email { get; init; }
    public string? IdNumber { get; init; }
    public string? Auth { get; init; }
    public bool? Suspended { get; init; }

    /// <summary>Descriptive fields to change, by Moodle name (<see cref="FieldTable.Moodle.Descriptive"/>); "" empties one.</summary>
    public IReadOnlyDictionary<string, string?>? Profile { get; init; }
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
