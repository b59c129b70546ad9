using System.Text.RegularExpressions;

namespace Pipeline.Sandbox.Moodle.Users;

/// <summary>validate_email(): PHPMailer's address check (PHP's FILTER_VALIDATE_EMAIL) and no angle brackets.</summary>
internal static partial class EmailRules
{
    public static bool IsValid(string? address) =>
        !string.IsNullOrEmpty(address) && address.Length <= 254 && Address().IsMatch(address);

    [GeneratedRegex(@"^(?!\.)(?!.*\.\.)[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}(?<!\.)@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")]
    private static partial Regex Address();
}
