using Pipeline.Domain.Fields;

namespace Pipeline.Domain;

/// <summary>
/// The Moodle user an employee should be, already cleaned and within Moodle's limits. <see cref="Profile"/> holds every
/// descriptive field of <see cref="FieldTable.Moodle.Descriptive"/> by Moodle name, null when empty (Moodle stores "");
/// its country is an ISO alpha-2 code. Compares by value. Holds personal data: never log it.
/// </summary>
public sealed record DesiredUser(
    string Username,
    string IdNumber,
    string Email,
    string Auth,
    bool IsLeaver,
    FieldValues Profile,
    FieldValues CustomFields)
{
    /// <summary>Send createpassword=1 on create: Moodle generates a password and e-mails it.</summary>
    public bool CreatePassword { get; init; }

    /// <summary>The username was cleaned from the work e-mail, so an account holding it under another e-mail is someone else.</summary>
    public bool UsernameFromEmail { get; init; }

    /// <summary>
    /// Set while a future joiner is held back (Mapping:CreateDaysBeforeHire): the first day the account may be created.
    /// An account that exists already is kept in step as usual; only the create waits.
    /// </summary>
    public DateOnly? CreateFrom { get; init; }
}
