using System.Text;

namespace Pipeline.Sandbox.Moodle.Users;

/// <summary>check_password_policy() with Moodle's default policy (on): 8 chars, 1 digit, 1 lower, 1 upper, 1 special.</summary>
internal static class PasswordPolicy
{
    /// <summary>Returns null when the password passes, else Moodle's error text (which Moodle then uses as an errorcode).</summary>
    public static string? Check(string password)
    {
        var errors = new StringBuilder();
        if (password.Length < 8)
        {
            errors.Append("<div>Passwords must be at least 8 characters long.</div>");
        }

        if (!password.Any(char.IsDigit))
        {
            errors.Append("<div>Passwords must have at least 1 digit(s).</div>");
        }

        if (!password.Any(char.IsLower))
        {
            errors.Append("<div>Passwords must have at least 1 lower case letter(s).</div>");
        }

        if (!password.Any(char.IsUpper))
        {
            errors.Append("<div>Passwords must have at least 1 upper case letter(s).</div>");
        }

        if (password.All(char.IsLetterOrDigit))
        {
            errors.Append("<div>The password must have at least 1 special character(s) such as *, -, or #.</div>");
        }

        return errors.Length == 0 ? null : errors.ToString();
    }
}
