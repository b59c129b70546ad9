namespace Pipeline.Domain;

/// <summary>
/// A username as Moodle cleans one (core\param::USERNAME in Moodle 4.5): trimmed and lower-cased; without
/// extendedusernamechars every character but a-z 0-9 - _ . @ is removed. Moodle refuses to create a user whose
/// username is not already clean, so the sync sends the cleaned form: ops+lms@x becomes opslms@x.
/// </summary>
public static class MoodleUsername
{
    public static string Clean(string value, bool extended)
    {
        ArgumentNullException.ThrowIfNull(value);
        var lower = value.Trim().ToLowerInvariant();
        if (extended)
        {
            return lower;
        }

        return string.Concat(lower.Where(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.' or '@'));
    }
}
