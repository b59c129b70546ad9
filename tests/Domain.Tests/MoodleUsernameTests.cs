using Pipeline.Domain;

namespace Pipeline.Domain.Tests;

// The expected values follow core\param::clean_param_value_username in Moodle 4.5 (lib/classes/param.php).
public class MoodleUsernameTests
{
    [Theory]
    [InlineData("ops+lms@example.com", "opslms@example.com")]
    [InlineData("Ada.Lovelace@Example.COM", "ada.lovelace@example.com")]
    [InlineData("  first_last-1@example.com ", "first_last-1@example.com")]
    [InlineData("o'brien #1 (x)@example.com", "obrien1x@example.com")]
    [InlineData("Zoë@example.com", "zo@example.com")]
    [InlineData("+#!", "")]
    public void Without_extended_chars_only_lower_case_a_z_digits_and_dash_underscore_dot_at_are_kept(string value, string expected) =>
        Assert.Equal(expected, MoodleUsername.Clean(value, extended: false));

    [Theory]
    [InlineData("Ops+LMS@Example.com", "ops+lms@example.com")]
    [InlineData(" O'Brien Zoë@example.com ", "o'brien zoë@example.com")]
    public void With_extended_chars_the_username_is_only_trimmed_and_lower_cased(string value, string expected) =>
        Assert.Equal(expected, MoodleUsername.Clean(value, extended: true));
}
