using Pipeline.Contracts;
using Pipeline.Domain.Fields;
using BambooHr = Pipeline.Domain.Fields.FieldTable.BambooHr;
using Moodle = Pipeline.Domain.Fields.FieldTable.Moodle;

namespace Pipeline.Domain;

/// <summary>
/// Maps a BambooHR snapshot to the Moodle user it should be. A value Moodle would refuse or alter
/// makes the employee poison (never half-written), except a descriptive value longer than its column:
/// that one is cut to fit, with a warning, because a long department must not cost the employee an account.
/// Messages name the employee id, the BambooHR field and the fix, never the value, because names and
/// e-mails are personal data.
/// </summary>
public static class DesiredUserMapper
{
    public static MappingResult Map(EmployeeSnapshot snapshot, MappingOptions options, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(snapshot.Id, nameof(snapshot));
        var id = snapshot.Id;

        var status = MoodleText.Clean(BambooHr.Status.Read(snapshot));
        bool inactive;
        if (string.Equals(status, "Active", StringComparison.OrdinalIgnoreCase))
        {
            inactive = false;
        }
        else if (string.Equals(status, "Inactive", StringComparison.OrdinalIgnoreCase))
        {
            inactive = true;
        }
        else
        {
            return MappingResult.Poison(id, PoisonCodes.InvalidStatus,
                $"Employee {id}: {BambooHr.Status.Label} is {(status is null ? "empty" : "neither Active nor Inactive")}. Set {BambooHr.Status.Label} to Active or Inactive in BambooHR.");
        }

        var idSource = options.IdNumberSource == IdNumberSource.EmployeeNumber ? BambooHr.EmployeeNumber : BambooHr.Id;
        var idNumber = EmployeeIdNumber.Of(snapshot, options.IdNumberSource);
        if (idNumber is null)
        {
            return MappingResult.Poison(id, PoisonCodes.MissingEmployeeNumber,
                $"Employee {id}: {idSource.Label} is empty and Mapping:IdNumberSource is EmployeeNumber. Fill in {idSource.Label} in BambooHR.");
        }

        if (TooLong(id, idSource, Moodle.IdNumber, idNumber, null) is { } longIdNumber)
        {
            return longIdNumber;
        }

        var isLeaver = inactive;
        DateOnly? createFrom = null;
        if (!inactive && (options.LeaverOnPastTerminationDate || options.CreateDaysBeforeHire is not null))
        {
            if (!EffectiveDates.TryParse(BambooHr.TerminationDate.Read(snapshot), out var terminated))
            {
                return InvalidDate(id, BambooHr.TerminationDate);
            }

            if (!EffectiveDates.TryParse(BambooHr.HireDate.Read(snapshot), out var hired))
            {
                return InvalidDate(id, BambooHr.HireDate);
            }

            isLeaver = options.LeaverOnPastTerminationDate && EffectiveDates.HasLeft(terminated, hired, today);
            if (!isLeaver && EffectiveDates.CreateFrom(hired, options.CreateDaysBeforeHire) is { } from && from > today)
            {
                createFrom = from;
            }
        }

        // From here on a poisoned leaver still carries its idnumber, so its account can be suspended.
        var leaverId = isLeaver ? idNumber : null;

        var email = MoodleText.Clean(BambooHr.WorkEmail.Read(snapshot));
        if (email is null)
        {
            return MappingResult.Poison(id, PoisonCodes.MissingEmail,
                $"Employee {id}: {BambooHr.WorkEmail.Label} is empty; Moodle needs an e-mail address. Fill in {BambooHr.WorkEmail.Label} in BambooHR.", leaverId);
        }

        if (!EmailAddress.IsValid(email))
        {
            return MappingResult.Poison(id, PoisonCodes.InvalidEmail,
                $"Employee {id}: {BambooHr.WorkEmail.Label} is not an address Moodle accepts (ASCII only, one @, a domain with a dot, no spaces). Correct {BambooHr.WorkEmail.Label} in BambooHR.", leaverId);
        }

        if (TooLong(id, BambooHr.WorkEmail, Moodle.Email, email, leaverId) is { } longEmail)
        {
            return longEmail;
        }

        var usernameSource = options.UsernameSource == UsernameSource.EmployeeNumber ? BambooHr.EmployeeNumber : BambooHr.WorkEmail;
        var usernameFromEmail = usernameSource == BambooHr.WorkEmail;
        var usernameText = usernameFromEmail ? email : MoodleText.Clean(usernameSource.Read(snapshot));
        if (usernameText is null)
        {
            return MappingResult.Poison(id, PoisonCodes.MissingEmployeeNumber,
                $"Employee {id}: {usernameSource.Label} is empty and Mapping:UsernameSource is EmployeeNumber. Fill in {usernameSource.Label} in BambooHR.", leaverId);
        }

        // Cleaned as Moodle cleans a username, so ops+lms@x gets opslms@x (its e-mail keeps the +).
        var username = MoodleUsername.Clean(usernameText, options.ExtendedUsernameChars);
        if (username.Length == 0)
        {
            return MappingResult.Poison(id, PoisonCodes.InvalidUsername,
                $"Employee {id}: {usernameSource.Label} holds none of the characters Moodle allows in a username (a-z 0-9 - _ . @). " +
                "Change it in BambooHR, or enable extendedusernamechars in Moodle and set Mapping:ExtendedUsernameChars=true.", leaverId);
        }

        if (TooLong(id, usernameSource, Moodle.Username, username, leaverId) is { } longUsername)
        {
            return longUsername;
        }

        var (profile, warnings, poison) = MapProfile(snapshot, leaverId);
        if (poison is not null)
        {
            return poison;
        }

        var user = new DesiredUser(username, idNumber, email, options.Auth, isLeaver, profile, CustomFields(snapshot, options))
        {
            CreatePassword = options.EffectiveCreatePassword,
            UsernameFromEmail = usernameFromEmail,
            CreateFrom = createFrom,
        };
        return MappingResult.Success(id, user, warnings);
    }

    /// <summary>
    /// The descriptive fields of the table: every one cleaned and the required ones (the names) present first, so a
    /// missing name is reported before markup in a department; then each checked and fitted to its column, in table order.
    /// </summary>
    private static (FieldValues Profile, List<MappingWarning> Warnings, MappingResult? Poison) MapProfile(EmployeeSnapshot snapshot, string? leaverId)
    {
        var id = snapshot.Id;
        var values = new List<(MoodleField Field, BambooHrField Source, string? Value)>(Moodle.Descriptive.Count);
        foreach (var field in Moodle.Descriptive)
        {
            var source = field.Source!;
            var value = MoodleText.Clean(source.Read(snapshot));
            if (field.Preferred is { } preferred && MoodleText.Clean(preferred.Read(snapshot)) is { } preferredValue)
            {
                (source, value) = (preferred, preferredValue);
            }

            if (value is null && field.Required)
            {
                var sources = field.Preferred is null ? $"{source.Label} is" : $"{field.Source!.Label} and {field.Preferred.Label} are";
                return (FieldValues.Empty, [], MappingResult.Poison(id, PoisonCodes.MissingName,
                    $"Employee {id}: {sources} empty; Moodle needs a first and last name. Fill it in in BambooHR.", leaverId));
            }

            values.Add((field, source, value));
        }

        var profile = new List<KeyValuePair<string, string?>>(values.Count);
        var warnings = new List<MappingWarning>();
        foreach (var (field, source, value) in values)
        {
            switch (field.Rule)
            {
                case ValueRule.CountryName:
                    string? code = null;
                    if (value is not null && !CountryCodes.TryGetAlpha2(value, out code))
                    {
                        warnings.Add(new MappingWarning(MappingWarning.UnknownCountry,
                            $"Employee {id}: {source.Label} is not a country name this sync knows, so the Moodle {field.Name} is left empty. Pick the country from BambooHR's list."));
                    }

                    profile.Add(new(field.Name, code));
                    break;
                default:
                    var (text, bad) = FitText(id, source, field, value, warnings, leaverId);
                    if (bad is not null)
                    {
                        return (FieldValues.Empty, [], bad);
                    }

                    profile.Add(new(field.Name, text));
                    break;
            }
        }

        return (new FieldValues(profile), warnings, null);
    }

    private static FieldValues CustomFields(EmployeeSnapshot snapshot, MappingOptions options) =>
        options.CustomProfileFields.Count == 0
            ? FieldValues.Empty
            : new FieldValues(options.CustomProfileFields.Select(p => new KeyValuePair<string, string?>(
                p.Key,
                MoodleText.Clean((BambooHr.ByProperty(p.Value) ?? throw new ArgumentException($"'{p.Value}' is not an EmployeeSnapshot field.", nameof(options))).Read(snapshot)))));

    /// <summary>
    /// A descriptive text as Moodle will store it: poison when Moodle would read markup in it; cut to the column's
    /// limit (<see cref="MoodleText.Truncate"/>) with a <see cref="MappingWarning.FieldTruncated"/> warning when longer.
    /// The reconciler compares Moodle with the cut value, so an employee with a long department is written once.
    /// </summary>
    private static (string? Value, MappingResult? Poison) FitText(
        string id, BambooHrField source, MoodleField field, string? value, List<MappingWarning> warnings, string? leaverId)
    {
        if (value is null)
        {
            return (null, null);
        }

        var length = MoodleText.Length(value);
        var cut = field.Limit is { } limit && length > limit;
        var text = cut ? MoodleText.Truncate(value, field.Limit!.Value) : value;
        if (MoodleText.HasMarkup(value) || MoodleText.HasMarkup(text))
        {
            return (null, MappingResult.Poison(id, PoisonCodes.FieldHasMarkup,
                $"Employee {id}: {source.Label} contains '<' followed by text, which Moodle reads as an HTML tag and refuses ({field.Name}). Remove the '<' in BambooHR or put a space after it.", leaverId));
        }

        if (cut)
        {
            warnings.Add(new MappingWarning(MappingWarning.FieldTruncated,
                $"Employee {id}: {source.Label} is {length} characters; Moodle's {field.Name} holds at most {field.Limit}, so it is cut to fit. Shorten it in BambooHR to keep it whole."));
        }

        return (text, null);
    }

    /// <summary>An identity value (idnumber, e-mail, username) cut short would find or name another account: poison.</summary>
    private static MappingResult? TooLong(string id, BambooHrField source, MoodleField field, string value, string? leaverId)
    {
        var length = MoodleText.Length(value);
        return field.Limit is not { } limit || length <= limit
            ? null
            : MappingResult.Poison(id, PoisonCodes.FieldTooLong,
                $"Employee {id}: {source.Label} is {length} characters; Moodle's {field.Name} holds at most {limit}. Shorten it in BambooHR.", leaverId);
    }

    private static MappingResult InvalidDate(string id, BambooHrField field) =>
        MappingResult.Poison(id, PoisonCodes.InvalidDate,
            $"Employee {id}: {field.Label} is not a yyyy-mm-dd date, so whether the employee has left cannot be decided. Correct {field.Label} in BambooHR.");
}
