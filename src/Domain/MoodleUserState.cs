using Pipeline.Domain.Fields;

namespace Pipeline.Domain;

/// <summary>
/// A Moodle user as core_user_get_users_by_field returns it. <see cref="Profile"/> holds the descriptive fields of
/// <see cref="FieldTable.Moodle.Descriptive"/> by Moodle name and <see cref="CustomFields"/> the custom profile fields
/// by shortname; an empty value may be "" or null, and the reconciler treats both as empty. Compares by value.
/// </summary>
public sealed record MoodleUserState(
    long Id,
    string Username,
    string? IdNumber,
    string Email,
    string Auth,
    bool Suspended,
    FieldValues Profile,
    FieldValues CustomFields);
