using Pipeline.Contracts;
using Pipeline.Domain;

namespace Pipeline.Domain.Tests;

public class DesiredUserMapperTests
{
    private static MappingResult Map(EmployeeSnapshot s, MappingOptions? o = null) =>
        DesiredUserMapper.Map(s, o ?? Employees.Options(), Employees.Today);

    private static DesiredUser Mapped(EmployeeSnapshot s, MappingOptions? o = null)
    {
        var result = Map(s, o);
        Assert.False(result.IsPoison, result.PoisonMessage);
        return result.User;
    }

    private static MappingResult Poisoned(EmployeeSnapshot s, string code, MappingOptions? o = null)
    {
        var result = Map(s, o);
        Assert.True(result.IsPoison, "expected poison " + code);
        Assert.Equal(code, result.PoisonCode);
        Assert.Null(result.User);
        Assert.Contains("Employee " + s.Id, result.PoisonMessage, StringComparison.Ordinal);
        Assert.Contains("BambooHR", result.PoisonMessage, StringComparison.Ordinal);
        return result;
    }

    [Fact]
    public void A_joiner_maps_every_field_to_its_moodle_field()
    {
        var user = Mapped(Employees.Active());

        Assert.Equal("ada.lovelace@example.com", user.Username);
        Assert.Equal("101", user.IdNumber);
        Assert.Equal("Ada", user.Profile["firstname"]);
        Assert.Equal("Lovelace", user.Profile["lastname"]);
        Assert.Equal("ada.lovelace@example.com", user.Email);
        Assert.Equal("Engineering", user.Profile["department"]);
        Assert.Equal("Research", user.Profile["institution"]);
        Assert.Equal("London", user.Profile["city"]);
        Assert.Equal("GB", user.Profile["country"]);
        Assert.Equal("manual", user.Auth);
        Assert.False(user.IsLeaver);
        Assert.True(user.CreatePassword);
        Assert.Empty(user.CustomFields);
    }

    [Fact]
    public void The_result_carries_the_employee_id_and_no_warnings_when_all_is_well()
    {
        var result = Map(Employees.Active("42"));
        Assert.Equal("42", result.EmployeeId);
        Assert.Empty(result.Warnings);
        Assert.Null(result.LeaverIdNumber);
    }

    [Fact]
    public void The_username_is_the_lower_cased_work_email_while_the_email_keeps_its_case()
    {
        var user = Mapped(Employees.Active() with { WorkEmail = "Ada.Lovelace@Example.COM" });
        Assert.Equal("ada.lovelace@example.com", user.Username);
        Assert.Equal("Ada.Lovelace@Example.COM", user.Email);
    }

    [Fact]
    public void The_preferred_name_replaces_the_first_name()
    {
        var user = Mapped(Employees.Active() with { FirstName = "Augusta", PreferredName = "Ada" });
        Assert.Equal("Ada", user.Profile["firstname"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\u0000")]
    public void A_blank_preferred_name_falls_back_to_the_first_name(string? preferred)
    {
        var user = Mapped(Employees.Active() with { FirstName = "Augusta", PreferredName = preferred });
        Assert.Equal("Augusta", user.Profile["firstname"]);
    }

    [Fact]
    public void Values_are_trimmed()
    {
        var user = Mapped(Employees.Active() with
        {
            FirstName = "  Ada ",
            LastName = "\tLovelace\n",
            WorkEmail = " ada@example.com ",
            Department = " Engineering ",
            Division = " Research ",
            Location = " London ",
            Country = " United Kingdom ",
        });
        Assert.Equal(("Ada", "Lovelace", "ada@example.com", "ada@example.com"), (user.Profile["firstname"], user.Profile["lastname"], user.Email, user.Username));
        Assert.Equal(("Engineering", "Research", "London", "GB"), (user.Profile["department"], user.Profile["institution"], user.Profile["city"], user.Profile["country"]));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Empty_optional_fields_are_null(string? value)
    {
        var result = Map(Employees.Active() with { Department = value, Division = value, Location = value, Country = value });
        Assert.False(result.IsPoison);
        Assert.Null(result.User.Profile["department"]);
        Assert.Null(result.User.Profile["institution"]);
        Assert.Null(result.User.Profile["city"]);
        Assert.Null(result.User.Profile["country"]);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void An_unknown_country_leaves_the_country_empty_with_a_warning_and_is_not_poison()
    {
        var result = Map(Employees.Active() with { Country = "Atlantis" });
        Assert.False(result.IsPoison);
        Assert.Null(result.User.Profile["country"]);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(MappingWarning.UnknownCountry, warning.Code);
        Assert.Contains("Employee 101", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Atlantis", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_idnumber_can_come_from_the_employee_number()
    {
        var user = Mapped(Employees.Active() with { EmployeeNumber = " E-77 " }, Employees.Options(o => o.IdNumberSource = IdNumberSource.EmployeeNumber));
        Assert.Equal("E-77", user.IdNumber);
    }

    [Fact]
    public void The_username_can_come_from_the_employee_number_lower_cased()
    {
        var user = Mapped(Employees.Active() with { EmployeeNumber = "E-77" }, Employees.Options(o => o.UsernameSource = UsernameSource.EmployeeNumber));
        Assert.Equal("e-77", user.Username);
        Assert.Equal("ada.lovelace@example.com", user.Email);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void A_missing_employee_number_is_poison_when_it_is_the_idnumber_or_the_username(string? number)
    {
        Poisoned(Employees.Active() with { EmployeeNumber = number }, PoisonCodes.MissingEmployeeNumber,
            Employees.Options(o => o.IdNumberSource = IdNumberSource.EmployeeNumber));
        Poisoned(Employees.Active() with { EmployeeNumber = number }, PoisonCodes.MissingEmployeeNumber,
            Employees.Options(o => o.UsernameSource = UsernameSource.EmployeeNumber));
        Assert.False(Map(Employees.Active() with { EmployeeNumber = number }).IsPoison);
    }

    [Fact]
    public void An_employee_number_is_cleaned_as_moodle_cleans_a_username_and_poison_only_when_nothing_is_left()
    {
        var options = Employees.Options(o => o.UsernameSource = UsernameSource.EmployeeNumber);
        Assert.Equal("e77", Mapped(Employees.Active() with { EmployeeNumber = "E 77" }, options).Username);
        var poison = Poisoned(Employees.Active() with { EmployeeNumber = "#!" }, PoisonCodes.InvalidUsername, options);
        Assert.Contains("extendedusernamechars", poison.PoisonMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("#!", poison.PoisonMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Custom_profile_fields_are_fed_from_the_named_snapshot_fields()
    {
        var options = Employees.Options(o =>
        {
            o.CustomProfileFields["costcenter"] = "Department";
            o.CustomProfileFields["jobtitle"] = "jobTitle";
            o.CustomProfileFields["empty"] = "PreferredName";
        });
        var user = Mapped(Employees.Active() with { JobTitle = " Analyst\n" }, options);
        Assert.Equal("Engineering", user.CustomFields["costcenter"]);
        Assert.Equal("Analyst", user.CustomFields["jobtitle"]);
        Assert.Null(user.CustomFields["empty"]);
        Assert.Equal(3, user.CustomFields.Count);
    }

    [Theory]
    [InlineData("oauth2", false)]
    [InlineData("saml2", false)]
    [InlineData("manual", true)]
    public void Auth_and_create_password_come_from_the_options(string auth, bool createPassword)
    {
        var user = Mapped(Employees.Active(), Employees.Options(o => o.Auth = auth));
        Assert.Equal(auth, user.Auth);
        Assert.Equal(createPassword, user.CreatePassword);
    }

    // ---- leavers -------------------------------------------------------------------------------

    [Fact]
    public void An_inactive_employee_is_a_leaver()
    {
        Assert.True(Mapped(Employees.Active() with { Status = "Inactive" }).IsLeaver);
    }

    [Fact]
    public void An_inactive_employee_is_a_leaver_even_with_a_future_or_no_termination_date()
    {
        Assert.True(Mapped(Employees.Active() with { Status = "Inactive", TerminationDate = "2030-01-01" }).IsLeaver);
        Assert.True(Mapped(Employees.Active() with { Status = "Inactive", TerminationDate = "0000-00-00" }).IsLeaver);
        Assert.True(Mapped(Employees.Active() with { Status = "Inactive", TerminationDate = "garbage" }).IsLeaver);
    }

    [Theory]
    [InlineData("2025-06-14")]
    [InlineData("2025-06-15")]
    [InlineData("2021-01-01")]
    public void An_active_employee_whose_termination_date_has_come_is_a_leaver(string terminated)
    {
        Assert.True(Mapped(Employees.Active() with { TerminationDate = terminated }).IsLeaver);
    }

    [Theory]
    [InlineData("2025-06-16")]
    [InlineData("2030-12-31")]
    [InlineData("0000-00-00")]
    [InlineData("")]
    [InlineData(null)]
    public void An_active_employee_with_a_future_or_no_termination_date_is_not_a_leaver(string? terminated)
    {
        Assert.False(Mapped(Employees.Active() with { TerminationDate = terminated }).IsLeaver);
    }

    [Fact]
    public void A_rehire_hired_after_the_old_termination_date_is_not_a_leaver()
    {
        var rehire = Employees.Active() with { HireDate = "2024-03-01", TerminationDate = "2023-12-31" };
        Assert.False(Mapped(rehire).IsLeaver);
    }

    [Fact]
    public void Hired_and_terminated_on_the_same_day_is_a_leaver()
    {
        Assert.True(Mapped(Employees.Active() with { HireDate = "2024-03-01", TerminationDate = "2024-03-01" }).IsLeaver);
    }

    [Fact]
    public void A_past_termination_date_is_ignored_when_the_option_is_off()
    {
        var options = Employees.Options(o => o.LeaverOnPastTerminationDate = false);
        Assert.False(Mapped(Employees.Active() with { TerminationDate = "2021-01-01" }, options).IsLeaver);
        Assert.False(Mapped(Employees.Active() with { TerminationDate = "nonsense" }, options).IsLeaver);
    }

    [Theory]
    [InlineData("2025-13-01")]
    [InlineData("15/06/2025")]
    [InlineData("yesterday")]
    [InlineData("2025-6-1")]
    public void An_unreadable_date_is_poison_when_it_decides_leaving(string date)
    {
        Poisoned(Employees.Active() with { TerminationDate = date }, PoisonCodes.InvalidDate);
        Poisoned(Employees.Active() with { HireDate = date }, PoisonCodes.InvalidDate);
    }

    [Theory]
    [InlineData("active", false)]
    [InlineData("INACTIVE", true)]
    [InlineData(" Active ", false)]
    public void Status_is_read_case_insensitively(string status, bool leaver)
    {
        Assert.Equal(leaver, Mapped(Employees.Active() with { Status = status }).IsLeaver);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Terminated")]
    [InlineData("On Leave")]
    [InlineData("Activ")]
    public void A_status_other_than_active_or_inactive_is_poison(string? status)
    {
        Poisoned(Employees.Active() with { Status = status }, PoisonCodes.InvalidStatus);
    }

    // ---- poison: e-mail ------------------------------------------------------------------------

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\u0000\u0001")]
    public void A_missing_work_email_is_poison(string? email)
    {
        Poisoned(Employees.Active() with { WorkEmail = email }, PoisonCodes.MissingEmail);
    }

    [Theory]
    [InlineData("ada")]
    [InlineData("ada@")]
    [InlineData("@example.com")]
    [InlineData("ada@example")]
    [InlineData("ada lovelace@example.com")]
    [InlineData("ada@exa mple.com")]
    [InlineData("ada@@example.com")]
    [InlineData("ada@example..com")]
    [InlineData(".ada@example.com")]
    [InlineData("ada.@example.com")]
    [InlineData("a..da@example.com")]
    [InlineData("ada@-example.com")]
    [InlineData("ada@example.com.")]
    [InlineData("<ada@example.com>")]
    [InlineData("Ada <ada@example.com>")]
    [InlineData("adä@example.com")]
    [InlineData("ada@exämple.com")]
    [InlineData("\"ada\"@example.com")]
    [InlineData("ada@[127.0.0.1]")]
    [InlineData("ada@1.2.3.4")]
    [InlineData("ada,lovelace@example.com")]
    public void An_address_moodle_would_refuse_is_poison(string email)
    {
        Poisoned(Employees.Active() with { WorkEmail = email }, PoisonCodes.InvalidEmail);
    }

    [Fact]
    public void An_email_over_100_characters_is_too_long_for_moodle()
    {
        var local = new string('a', 64);
        var email = local + "@" + new string('b', 31) + ".com"; // 64 + 1 + 35 = 100
        Assert.False(Map(Employees.Active() with { WorkEmail = email }).IsPoison);
        Poisoned(Employees.Active() with { WorkEmail = local + "@" + new string('b', 32) + ".com" }, PoisonCodes.FieldTooLong);
    }

    [Theory]
    [InlineData("ops+lms@example.com", "opslms@example.com")]
    [InlineData("O'Brien@Example.com", "obrien@example.com")]
    [InlineData("Ada.Lovelace@Example.COM", "ada.lovelace@example.com")]
    public void The_username_is_the_email_cleaned_as_moodle_cleans_one_and_the_email_is_kept(string email, string username)
    {
        var user = Mapped(Employees.Active() with { WorkEmail = email });
        Assert.Equal(username, user.Username);
        Assert.Equal(email, user.Email);
        Assert.True(user.UsernameFromEmail);

        var extended = Mapped(Employees.Active() with { WorkEmail = email }, Employees.Options(o => o.ExtendedUsernameChars = true));
        Assert.Equal(email.ToLowerInvariant(), extended.Username);
        Assert.Equal(email, extended.Email);

        var byNumber = Mapped(Employees.Active() with { WorkEmail = email }, Employees.Options(o => o.UsernameSource = UsernameSource.EmployeeNumber));
        Assert.Equal(email, byNumber.Email);
        Assert.False(byNumber.UsernameFromEmail);
    }

    [Theory]
    [InlineData("first.last@sub.example.co.uk")]
    [InlineData("first_last-1@example-mail.com")]
    [InlineData("x@y.io")]
    public void Ordinary_addresses_are_accepted(string email)
    {
        Assert.Equal(email, Mapped(Employees.Active() with { WorkEmail = email }).Email);
    }

    // ---- poison: names and lengths -------------------------------------------------------------

    [Theory]
    [InlineData(null, null)]
    [InlineData("", " ")]
    [InlineData("\u0007", null)]
    public void No_first_or_preferred_name_is_poison(string? first, string? preferred)
    {
        Poisoned(Employees.Active() with { FirstName = first, PreferredName = preferred }, PoisonCodes.MissingName);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void No_last_name_is_poison(string? last)
    {
        Poisoned(Employees.Active() with { LastName = last }, PoisonCodes.MissingName);
    }

    private static MappingWarning Truncated(MappingResult result, string label, string field, int length, int limit)
    {
        Assert.False(result.IsPoison, result.PoisonMessage);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(MappingWarning.FieldTruncated, warning.Code);
        Assert.StartsWith("Employee " + result.EmployeeId + ": ", warning.Message, StringComparison.Ordinal);
        Assert.Contains($"{label} is {length} characters; Moodle's {field} holds at most {limit}", warning.Message, StringComparison.Ordinal);
        return warning;
    }

    [Fact]
    public void A_first_name_of_100_characters_fits_and_101_is_cut_to_100_with_a_warning()
    {
        Assert.Equal(100, Mapped(Employees.Active() with { FirstName = new string('a', 100) }).Profile["firstname"]!.Length);
        Assert.Empty(Map(Employees.Active() with { FirstName = new string('a', 100) }).Warnings);

        // Fixture 85: Moodle refuses 101 characters in firstname (varchar(100)) with dml_write_exception.
        var result = Map(Employees.Active() with { FirstName = new string('a', 101) });
        Truncated(result, "First Name", "firstname", 101, 100);
        Assert.Equal(new string('a', 100), result.User!.Profile["firstname"]);
    }

    [Fact]
    public void Length_counts_characters_not_utf16_units_so_100_emoji_fit_and_the_101st_is_cut_whole()
    {
        var emoji = string.Concat(Enumerable.Repeat("😀", 100));
        var fits = Map(Employees.Active() with { LastName = emoji });
        Assert.Equal(emoji, fits.User!.Profile["lastname"]);
        Assert.Empty(fits.Warnings);

        var result = Map(Employees.Active() with { LastName = emoji + "😀" });
        Truncated(result, "Last Name", "lastname", 101, 100);
        Assert.Equal(emoji, result.User!.Profile["lastname"]);
    }

    [Fact]
    public void A_department_of_255_accented_letters_fits_though_it_is_510_utf8_bytes()
    {
        // Fixture 84 and the fixtures' note: Moodle (PostgreSQL) counts characters, not bytes.
        var department = new string('é', 255);
        var result = Map(Employees.Active() with { Department = department });
        Assert.Equal(510, System.Text.Encoding.UTF8.GetByteCount(department));
        Assert.Equal(department, result.User!.Profile["department"]);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void A_department_of_256_characters_is_cut_to_255_not_dropped()
    {
        // Fixture 83: Moodle refuses 256 characters with dml_write_exception, so sending it whole loses the employee.
        var result = Map(Employees.Active() with { Department = new string('d', 256) });
        Truncated(result, "Department", "department", 256, 255);
        Assert.Equal(new string('d', 255), result.User!.Profile["department"]);
    }

    [Fact]
    public void A_cut_never_splits_a_surrogate_pair()
    {
        // 254 letters then emoji: the 255th code point is the first emoji, two UTF-16 units.
        var department = new string('d', 254) + "😀😀";
        var result = Map(Employees.Active() with { Department = department });
        var cut = result.User!.Profile["department"]!;
        Truncated(result, "Department", "department", 256, 255);
        Assert.Equal(new string('d', 254) + "😀", cut);
        Assert.Equal(256, cut.Length);
        Assert.False(char.IsHighSurrogate(cut[^1]));
    }

    [Fact]
    public void A_10_kb_name_is_cut_and_its_warning_never_carries_the_value()
    {
        var result = Map(Employees.Active() with { LastName = new string('x', 10 * 1024) });
        var warning = Truncated(result, "Last Name", "lastname", 10 * 1024, 100);
        Assert.Equal(new string('x', 100), result.User!.Profile["lastname"]);
        Assert.DoesNotContain("xxxx", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_preferred_name_is_reported_as_the_preferred_name()
    {
        var result = Map(Employees.Active() with { PreferredName = new string('p', 101) });
        Truncated(result, "Preferred Name", "firstname", 101, 100);
        Assert.Equal(new string('p', 100), result.User!.Profile["firstname"]);
    }

    [Fact]
    public void Every_long_field_gets_its_own_warning()
    {
        var result = Map(Employees.Active() with { Department = new string('d', 300), Location = new string('l', 121), Country = "Atlantis" });
        Assert.Equal(
            [MappingWarning.FieldTruncated, MappingWarning.FieldTruncated, MappingWarning.UnknownCountry],
            result.Warnings.Select(w => w.Code).Order(StringComparer.Ordinal));
        Assert.Equal(new string('d', 255), result.User!.Profile["department"]);
        Assert.Equal(new string('l', 120), result.User.Profile["city"]);
    }

    [Theory]
    [InlineData("Department", "department", 255)]
    [InlineData("Division", "institution", 255)]
    [InlineData("Location", "city", 120)]
    public void Optional_fields_over_moodles_limit_are_cut_to_it(string field, string moodleField, int limit)
    {
        EmployeeSnapshot With(int n) => field switch
        {
            "Department" => Employees.Active() with { Department = new string('d', n) },
            "Division" => Employees.Active() with { Division = new string('d', n) },
            _ => Employees.Active() with { Location = new string('d', n) },
        };

        Assert.Empty(Map(With(limit)).Warnings);
        var result = Map(With(limit + 1));
        Truncated(result, field, moodleField, limit + 1, limit);
        Assert.Equal(new string('d', limit), result.User!.Profile[moodleField]);
    }

    [Fact]
    public void Markup_in_a_long_department_still_poisons_it()
    {
        Poisoned(Employees.Active() with { Department = "<b>" + new string('d', 300) }, PoisonCodes.FieldHasMarkup);
    }

    [Fact]
    public void An_email_over_100_characters_is_still_poison_never_cut()
    {
        var result = Poisoned(Employees.Active() with { WorkEmail = new string('a', 64) + "@" + new string('b', 40) + ".com" }, PoisonCodes.FieldTooLong);
        Assert.Contains("Moodle's email holds at most 100", result.PoisonMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void An_idnumber_over_255_characters_is_poison()
    {
        var options = Employees.Options(o => o.IdNumberSource = IdNumberSource.EmployeeNumber);
        Assert.False(Map(Employees.Active() with { EmployeeNumber = new string('9', 255) }, options).IsPoison);
        Poisoned(Employees.Active() with { EmployeeNumber = new string('9', 256) }, PoisonCodes.FieldTooLong, options);
    }

    [Fact]
    public void A_username_over_100_characters_is_poison()
    {
        var options = Employees.Options(o => o.UsernameSource = UsernameSource.EmployeeNumber);
        Assert.False(Map(Employees.Active() with { EmployeeNumber = new string('9', 100) }, options).IsPoison);
        Poisoned(Employees.Active() with { EmployeeNumber = new string('9', 101) }, PoisonCodes.FieldTooLong, options);
    }

    // ---- text: unicode, control characters, markup, SQL ---------------------------------------

    [Theory]
    [InlineData("Zoë", "Ñúñez-Łukasiewicz")]
    [InlineData("山田", "太郎")]
    [InlineData("Ἀριστοτέλης", "Σταγειρίτης")]
    [InlineData("محمد", "العلي")]
    [InlineData("\u200Fשרה", "כהן\u200F")]
    [InlineData("Ada 🚀", "👩🏽‍💻")]
    [InlineData("O'Brien", "Smith-Jones")]
    public void Non_ascii_emoji_and_right_to_left_names_are_kept_as_they_are(string first, string last)
    {
        var user = Mapped(Employees.Active() with { FirstName = first, LastName = last });
        Assert.Equal(first, user.Profile["firstname"]);
        Assert.Equal(last, user.Profile["lastname"]);
    }

    [Theory]
    [InlineData("Ada\u0000", "Ada")]
    [InlineData("A\u0007da", "Ada")]
    [InlineData("Ada\r\nMarie", "Ada Marie")]
    [InlineData("Ada\tMarie", "Ada Marie")]
    [InlineData("\u001BAda\u007F", "Ada")]
    [InlineData("Ada\u2028Marie", "Ada Marie")]
    [InlineData("\uFEFFAda", "Ada")]
    [InlineData("Ada\u0085", "Ada")]
    public void Control_characters_and_broken_surrogates_are_stripped(string raw, string expected)
    {
        Assert.Equal(expected, Mapped(Employees.Active() with { FirstName = raw }).Profile["firstname"]);
        Assert.Equal(expected, Mapped(Employees.Active() with { Department = raw }).Profile["department"]);
    }

    [Fact]
    public void Unpaired_surrogates_are_stripped_and_paired_ones_kept()
    {
        // Not InlineData: attribute metadata cannot hold an unpaired surrogate.
        Assert.Equal("Ada", Mapped(Employees.Active() with { FirstName = "Ada\uD800" }).Profile["firstname"]);
        Assert.Equal("Ada", Mapped(Employees.Active() with { FirstName = "\uDC00Ada" }).Profile["firstname"]);
        Assert.Equal("A\uD83D\uDE00", Mapped(Employees.Active() with { FirstName = "A\uDE00\uD83D\uDE00\uD83D" }).Profile["firstname"]);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("Ada<b>")]
    [InlineData("I <3 NY")]
    [InlineData("Ada<")]
    [InlineData("<!-- x -->")]
    public void Text_moodle_would_strip_as_a_tag_is_poison_because_moodle_refuses_the_whole_call(string value)
    {
        Poisoned(Employees.Active() with { FirstName = value }, PoisonCodes.FieldHasMarkup);
        Poisoned(Employees.Active() with { LastName = value }, PoisonCodes.FieldHasMarkup);
        Poisoned(Employees.Active() with { Department = value }, PoisonCodes.FieldHasMarkup);
        Poisoned(Employees.Active() with { Division = value }, PoisonCodes.FieldHasMarkup);
        Poisoned(Employees.Active() with { Location = value }, PoisonCodes.FieldHasMarkup);
    }

    [Theory]
    [InlineData("R&D < 10 > 5")]
    [InlineData("Sales & Marketing")]
    [InlineData("a > b")]
    [InlineData("&lt;script&gt;")]
    public void Angle_brackets_and_ampersands_that_are_not_tags_are_just_text(string value)
    {
        Assert.Equal(value, Mapped(Employees.Active() with { Department = value }).Profile["department"]);
    }

    [Fact]
    public void Markup_in_a_custom_field_is_just_text_because_moodle_takes_it_raw()
    {
        var user = Mapped(Employees.Active() with { JobTitle = "<b>Boss</b>" }, Employees.Options(o => o.CustomProfileFields["title"] = "JobTitle"));
        Assert.Equal("<b>Boss</b>", user.CustomFields["title"]);
    }

    [Theory]
    [InlineData("Robert'); DROP TABLE mdl_user;--")]
    [InlineData("' OR '1'='1")]
    [InlineData("1; DELETE FROM users")]
    [InlineData("%' --")]
    public void Sql_looking_strings_are_just_text(string value)
    {
        var user = Mapped(Employees.Active() with { LastName = value, Department = value, Location = value });
        Assert.Equal(value, user.Profile["lastname"]);
        Assert.Equal(value, user.Profile["department"]);
        Assert.Equal(value, user.Profile["city"]);
    }

    // ---- messages and poisoned leavers ---------------------------------------------------------

    [Fact]
    public void Poison_messages_never_contain_the_personal_value()
    {
        var cases = new[]
        {
            Employees.Active() with { WorkEmail = "secret person@example.com" },
            Employees.Active() with { WorkEmail = "secretname" + new string('z', 54) + "@" + new string('b', 40) + ".com" },
            Employees.Active() with { LastName = "<b>Secretname</b>" },
            Employees.Active() with { Status = "Secretname" },
        };
        foreach (var snapshot in cases)
        {
            var result = Map(snapshot);
            Assert.True(result.IsPoison);
            Assert.DoesNotContain("secret", result.PoisonMessage, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Warning_messages_never_contain_the_personal_value()
    {
        var result = Map(Employees.Active() with
        {
            FirstName = "Secretname" + new string('z', 100),
            Department = "Secretdept" + new string('d', 300),
            Country = "Secretland",
        });
        Assert.Equal(3, result.Warnings.Count);
        Assert.All(result.Warnings, w => Assert.DoesNotContain("secret", w.Message, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void A_poisoned_leaver_still_carries_its_idnumber_so_it_can_be_suspended()
    {
        var result = Map(Employees.Active() with { Status = "Inactive", WorkEmail = null });
        Assert.Equal(PoisonCodes.MissingEmail, result.PoisonCode);
        Assert.Equal("101", result.LeaverIdNumber);

        var pastTermination = Map(Employees.Active() with { TerminationDate = "2024-01-01", LastName = null });
        Assert.Equal("101", pastTermination.LeaverIdNumber);
    }

    [Fact]
    public void A_poisoned_active_employee_carries_no_leaver_idnumber()
    {
        Assert.Null(Map(Employees.Active() with { WorkEmail = null }).LeaverIdNumber);
        Assert.Null(Map(Employees.Active() with { Status = "Weird" }).LeaverIdNumber);
    }
}
