using System.Globalization;
using Pipeline.Contracts;

namespace Pipeline.Domain;

/// <summary>
/// Maps a BambooHR snapshot to the Moodle user it should be. A value Moodle would refuse or alter
/// makes the employee poison (never half-written); messages name the employee id, the BambooHR field
/// and the fix, never the value, because names and e-mails are personal data.
/// </summary>
public static class DesiredUserMapper
{
    private const string EmptyDate = "0000-00-00";

    public static MappingResult Map(EmployeeSnapshot snapshot, MappingOptions options, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(snapshot.Id, nameof(snapshot));
        var id = snapshot.Id;

        var status = MoodleText.Clean(snapshot.Status);
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
                $"Employee {id}: Status is {(status is null ? "empty" : "neither Active nor Inactive")}. Set Status to Active or Inactive in BambooHR.");
        }

        var idNumber = options.IdNumberSource == IdNumberSource.EmployeeNumber ? MoodleText.Clean(snapshot.EmployeeNumber) : id;
        if (idNumber is null)
        {
            return MappingResult.Poison(id, PoisonCodes.MissingEmployeeNumber,
                $"Employee {id}: Employee # is empty and Mapping:IdNumberSource is EmployeeNumber. Fill in Employee # in BambooHR.");
        }

        if (MoodleText.Length(idNumber) > MoodleLimits.IdNumber)
        {
            return TooLong(id, "Employee #", MoodleFields.IdNumber, idNumber, MoodleLimits.IdNumber, null);
        }

        var isLeaver = inactive;
        if (!inactive && options.LeaverOnPastTerminationDate)
        {
            if (!TryParseDate(snapshot.TerminationDate, out var terminated))
            {
                return InvalidDate(id, "Termination Date");
            }

            if (!TryParseDate(snapshot.HireDate, out var hired))
            {
                return InvalidDate(id, "Hire Date");
            }

            // A hire date after the termination date is a rehire whose old termination still shows.
            isLeaver = terminated is { } t && t <= today && !(hired is { } h && h > t);
        }

        // From here on a poisoned leaver still carries its idnumber, so its account can be suspended.
        var leaverId = isLeaver ? idNumber : null;

        var email = MoodleText.Clean(snapshot.WorkEmail);
        if (email is null)
        {
            return MappingResult.Poison(id, PoisonCodes.MissingEmail,
                $"Employee {id}: Work Email is empty; Moodle needs an e-mail address. Fill in Work Email in BambooHR.", leaverId);
        }

        if (!EmailAddress.IsValid(email))
        {
            return MappingResult.Poison(id, PoisonCodes.InvalidEmail,
                $"Employee {id}: Work Email is not an address Moodle accepts (ASCII only, one @, a domain with a dot, no spaces). Correct Work Email in BambooHR.", leaverId);
        }

        if (MoodleText.Length(email) > MoodleLimits.Email)
        {
            return TooLong(id, "Work Email", MoodleFields.Email, email, MoodleLimits.Email, leaverId);
        }

        var username = options.UsernameSource == UsernameSource.EmployeeNumber
            ? MoodleText.Clean(snapshot.EmployeeNumber)?.ToLowerInvariant()
            : email.ToLowerInvariant();
        if (username is null)
        {
            return MappingResult.Poison(id, PoisonCodes.MissingEmployeeNumber,
                $"Employee {id}: Employee # is empty and Mapping:UsernameSource is EmployeeNumber. Fill in Employee # in BambooHR.", leaverId);
        }

        if (!IsMoodleUsername(username, options.ExtendedUsernameChars))
        {
            var source = options.UsernameSource == UsernameSource.EmployeeNumber ? "Employee #" : "Work Email";
            return MappingResult.Poison(id, PoisonCodes.InvalidUsername,
                $"Employee {id}: {source} holds characters Moodle does not allow in a username (only a-z 0-9 - _ . @). " +
                "Change it in BambooHR, or enable extendedusernamechars in Moodle and set Mapping:ExtendedUsernameChars=true.", leaverId);
        }

        if (MoodleText.Length(username) > MoodleLimits.Username)
        {
            return TooLong(id, options.UsernameSource == UsernameSource.EmployeeNumber ? "Employee #" : "Work Email",
                MoodleFields.Username, username, MoodleLimits.Username, leaverId);
        }

        var preferred = MoodleText.Clean(snapshot.PreferredName);
        var firstSource = preferred is null ? "First Name" : "Preferred Name";
        var firstName = preferred ?? MoodleText.Clean(snapshot.FirstName);
        var lastName = MoodleText.Clean(snapshot.LastName);
        if (firstName is null || lastName is null)
        {
            return MappingResult.Poison(id, PoisonCodes.MissingName,
                $"Employee {id}: {(firstName is null ? "First Name and Preferred Name are" : "Last Name is")} empty; Moodle needs a first and last name. Fill it in in BambooHR.", leaverId);
        }

        if (CheckText(id, firstSource, MoodleFields.FirstName, firstName, MoodleLimits.FirstName, leaverId) is { } badFirst)
        {
            return badFirst;
        }

        if (CheckText(id, "Last Name", MoodleFields.LastName, lastName, MoodleLimits.LastName, leaverId) is { } badLast)
        {
            return badLast;
        }

        var department = MoodleText.Clean(snapshot.Department);
        var institution = MoodleText.Clean(snapshot.Division);
        var city = MoodleText.Clean(snapshot.Location);
        if (CheckText(id, "Department", MoodleFields.Department, department, MoodleLimits.Department, leaverId) is { } badDepartment)
        {
            return badDepartment;
        }

        if (CheckText(id, "Division", MoodleFields.Institution, institution, MoodleLimits.Institution, leaverId) is { } badDivision)
        {
            return badDivision;
        }

        if (CheckText(id, "Location", MoodleFields.City, city, MoodleLimits.City, leaverId) is { } badLocation)
        {
            return badLocation;
        }

        var warnings = new List<MappingWarning>();
        var countryName = MoodleText.Clean(snapshot.Country);
        string? country = null;
        if (countryName is not null && !CountryCodes.TryGetAlpha2(countryName, out country))
        {
            warnings.Add(new MappingWarning(MappingWarning.UnknownCountry,
                $"Employee {id}: Country is not a country name this sync knows, so the Moodle country is left empty. Pick the country from BambooHR's list."));
        }

        var customFields = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (shortname, field) in options.CustomProfileFields)
        {
            customFields[shortname] = MoodleText.Clean(SnapshotFields.Read(snapshot, field));
        }

        var user = new DesiredUser(
            username, idNumber, firstName, lastName, email, department, institution, city, country,
            options.Auth, isLeaver, customFields.AsReadOnly())
        {
            CreatePassword = options.EffectiveCreatePassword,
        };
        return MappingResult.Success(id, user, warnings);
    }

    // Moodle's PARAM_USERNAME: lower-case and trimmed; without extendedusernamechars, only a-z 0-9 - _ . @.
    private static bool IsMoodleUsername(string username, bool extended)
    {
        if (!string.Equals(username, username.Trim(), StringComparison.Ordinal))
        {
            return false;
        }

        if (extended)
        {
            return true;
        }

        foreach (var c in username)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.' or '@'))
            {
                return false;
            }
        }

        return true;
    }

    private static MappingResult? CheckText(string id, string bambooField, string moodleField, string? value, int limit, string? leaverId)
    {
        if (value is null)
        {
            return null;
        }

        if (MoodleText.Length(value) > limit)
        {
            return TooLong(id, bambooField, moodleField, value, limit, leaverId);
        }

        if (MoodleText.HasMarkup(value))
        {
            return MappingResult.Poison(id, PoisonCodes.FieldHasMarkup,
                $"Employee {id}: {bambooField} contains '<' followed by text, which Moodle reads as an HTML tag and refuses ({moodleField}). Remove the '<' in BambooHR or put a space after it.", leaverId);
        }

        return null;
    }

    private static MappingResult TooLong(string id, string bambooField, string moodleField, string value, int limit, string? leaverId) =>
        MappingResult.Poison(id, PoisonCodes.FieldTooLong,
            $"Employee {id}: {bambooField} is {MoodleText.Length(value)} characters; Moodle's {moodleField} holds at most {limit}. Shorten it in BambooHR.", leaverId);

    private static MappingResult InvalidDate(string id, string bambooField) =>
        MappingResult.Poison(id, PoisonCodes.InvalidDate,
            $"Employee {id}: {bambooField} is not a yyyy-mm-dd date, so whether the employee has left cannot be decided. Correct {bambooField} in BambooHR.");

    private static bool TryParseDate(string? value, out DateOnly? date)
    {
        date = null;
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text) || text == EmptyDate)
        {
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            date = parsed;
            return true;
        }

        return false;
    }
}
