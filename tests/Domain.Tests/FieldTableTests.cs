using System.Reflection;
using Pipeline.Contracts;
using Pipeline.Domain;
using Pipeline.Domain.Fields;

namespace Pipeline.Domain.Tests;

/// <summary>
/// The field table, row by row, and what the mapper and reconciler do with each row. Adding a field means adding its
/// rows to the two expectations below; the other tests then cover it without a change.
/// </summary>
public class FieldTableTests
{
    [Fact]
    public void BambooHr_rows_are_api_name_snapshot_property_and_screen_label()
    {
        string[] expected =
        [
            "id → Id (Employee ID)",
            "employeeNumber → EmployeeNumber (Employee #)",
            "firstName → FirstName (First Name)",
            "lastName → LastName (Last Name)",
            "preferredName → PreferredName (Preferred Name)",
            "workEmail → WorkEmail (Work Email)",
            "status → Status (Status)",
            "hireDate → HireDate (Hire Date)",
            "terminationDate → TerminationDate (Termination Date)",
            "department → Department (Department)",
            "division → Division (Division)",
            "jobTitle → JobTitle (Job Title)",
            "location → Location (Location)",
            "country → Country (Country)",
        ];
        Assert.Equal(expected, FieldTable.BambooHr.All.Select(f => $"{f.Name} → {f.Property} ({f.Label})"));
        Assert.Equal(FieldTable.BambooHr.All.Skip(1), FieldTable.BambooHr.Reported);
    }

    [Fact]
    public void Moodle_rows_are_field_column_size_role_and_source()
    {
        string[] expected =
        [
            "idnumber 255 Identity",
            "username 100 Identity",
            "firstname 100 Descriptive ← firstName, preferredName when set, required",
            "lastname 100 Descriptive ← lastName, required",
            "email 100 Identity",
            "department 255 Descriptive ← department",
            "institution 255 Descriptive ← division",
            "city 120 Descriptive ← location",
            "country 2 Descriptive ← country as CountryName",
            "auth 20 Setting",
            "suspended - Status",
        ];
        Assert.Equal(expected, FieldTable.Moodle.All.Select(Describe));
    }

    [Fact]
    public void Every_snapshot_property_has_one_row_in_declaration_order()
    {
        // Declaration order is the order of the message body, which the content hash covers.
        var properties = typeof(EmployeeSnapshot).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType == typeof(string))
            .OrderBy(p => p.MetadataToken)
            .Select(p => p.Name);
        Assert.Equal(properties, FieldTable.BambooHr.All.Select(f => f.Property));
    }

    [Fact]
    public void Each_row_reads_and_writes_its_own_snapshot_property_and_no_other()
    {
        var blank = new EmployeeSnapshot { Id = "1" };
        foreach (var field in FieldTable.BambooHr.All)
        {
            var written = field.Write(blank, "value of " + field.Name);

            Assert.Equal("value of " + field.Name, field.Read(written));
            foreach (var property in typeof(EmployeeSnapshot).GetProperties().Where(p => p.PropertyType == typeof(string)))
            {
                var expected = property.Name == field.Property ? "value of " + field.Name : property.Name == "Id" ? "1" : null;
                Assert.True(Equals(expected, property.GetValue(written)), $"{field.Name} wrote {property.Name}");
            }
        }
    }

    [Fact]
    public void A_field_is_found_by_its_snapshot_property_in_any_case_as_the_custom_field_setting_names_it()
    {
        Assert.Same(FieldTable.BambooHr.JobTitle, FieldTable.BambooHr.ByProperty("jobtitle"));
        Assert.Same(FieldTable.BambooHr.Id, FieldTable.BambooHr.ByProperty("ID"));
        Assert.Null(FieldTable.BambooHr.ByProperty("jobTitle "));
        Assert.Null(FieldTable.BambooHr.ByProperty(null));
    }

    [Fact]
    public void Every_descriptive_field_is_copied_from_its_source_into_the_profile()
    {
        var snapshot = Employees.Active() with
        {
            FirstName = " First ",
            PreferredName = "Preferred",
            LastName = "Last",
            Department = "Dept",
            Division = "Div",
            Location = "Loc",
            Country = "France",
        };

        var user = Employees.Desired(snapshot);

        Assert.Equal(
            Employees.Values(("firstname", "Preferred"), ("lastname", "Last"), ("department", "Dept"), ("institution", "Div"), ("city", "Loc"), ("country", "FR")),
            user.Profile);
        Assert.Equal(FieldTable.Moodle.Descriptive.Select(f => f.Name).Order(StringComparer.Ordinal), user.Profile.Keys);
    }

    public static TheoryData<string> TextFields => [.. FieldTable.Moodle.Descriptive.Where(f => f.Rule == ValueRule.Text).Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(TextFields))]
    public void A_descriptive_value_as_long_as_its_column_maps_whole_and_a_longer_one_is_cut_to_it_with_a_warning(string name)
    {
        var field = FieldTable.Moodle.ByName(name)!;
        var limit = field.Limit!.Value;
        var source = field.Preferred ?? field.Source!;

        // Code points, as Moodle's database counts them: a 4-byte character is one.
        var fits = DesiredUserMapper.Map(source.Write(Employees.Active(), new string('a', limit - 1) + "😀"), Employees.Options(), Employees.Today);
        Assert.Equal(new string('a', limit - 1) + "😀", fits.User!.Profile[name]);
        Assert.Empty(fits.Warnings);

        var cut = DesiredUserMapper.Map(source.Write(Employees.Active(), new string('a', limit - 1) + "bc"), Employees.Options(), Employees.Today);
        Assert.False(cut.IsPoison);
        Assert.Equal(new string('a', limit - 1) + "b", cut.User.Profile[name]);
        var warning = Assert.Single(cut.Warnings);
        Assert.Equal(MappingWarning.FieldTruncated, warning.Code);
        Assert.Equal(
            $"Employee 101: {source.Label} is {limit + 1} characters; Moodle's {name} holds at most {limit}, so it is cut to fit. Shorten it in BambooHR to keep it whole.",
            warning.Message);
    }

    public static TheoryData<string, IdNumberSource, UsernameSource> IdentityFields => new()
    {
        { "email", IdNumberSource.Id, UsernameSource.EmployeeNumber },
        { "username", IdNumberSource.Id, UsernameSource.EmployeeNumber },
        { "idnumber", IdNumberSource.EmployeeNumber, UsernameSource.WorkEmail },
    };

    [Theory]
    [MemberData(nameof(IdentityFields))]
    public void An_identity_value_as_long_as_its_column_maps_and_one_more_character_poisons(string name, IdNumberSource idNumbers, UsernameSource usernames)
    {
        var field = FieldTable.Moodle.ByName(name)!;
        var limit = field.Limit!.Value;
        var options = Employees.Options(o => (o.IdNumberSource, o.UsernameSource) = (idNumbers, usernames));
        // A local part holds at most 64 characters: the domain takes the rest.
        EmployeeSnapshot WithLength(int length) => name == "email"
            ? Employees.Active() with { WorkEmail = new string('a', 64) + "@" + new string('b', length - 69) + ".com" }
            : Employees.Active() with { EmployeeNumber = new string('e', length) };

        var fits = Employees.Desired(WithLength(limit), options);
        Assert.Equal(limit, field.Desired(fits)!.Length);

        var poison = DesiredUserMapper.Map(WithLength(limit + 1), options, Employees.Today);
        Assert.Equal(PoisonCodes.FieldTooLong, poison.PoisonCode);
        Assert.Contains($"Moodle's {name} holds at most {limit}.", poison.PoisonMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_auth_the_options_accept_and_every_country_code_fit_their_columns()
    {
        Assert.All(MappingOptions.KnownAuths, a => Assert.InRange(a.Length, 1, FieldTable.Moodle.Auth.Limit!.Value));
        Assert.All(CountryCodes.All, c => Assert.Equal(FieldTable.Moodle.Country.Limit, c.Length));
    }

    public static TheoryData<string> DescriptiveFields => [.. FieldTable.Moodle.Descriptive.Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(DescriptiveFields))]
    public void A_descriptive_field_that_differs_in_moodle_is_the_one_change(string name)
    {
        var desired = Employees.Desired(Employees.Active());
        var moodle = Employees.InMoodle(desired).With(name, "Something else");

        var update = Assert.IsType<Decision.Update>(Reconciler.Decide(EmployeeAction.Updated, MappingResult.Success("101", desired, []),
            new MatchResult.Found(moodle, MatchLink.IdNumber)));

        Assert.Equal([new FieldChange(name, "Something else", desired.Profile[name])], update.Changes);
    }

    [Fact]
    public void Custom_fields_travel_by_name_with_their_prefix()
    {
        Assert.Equal("customfield:costcenter", FieldTable.Moodle.CustomField("costcenter"));
        Assert.True(FieldTable.Moodle.IsCustomField("customfield:costcenter", out var shortname));
        Assert.Equal("costcenter", shortname);
        Assert.False(FieldTable.Moodle.IsCustomField("department", out _));
        Assert.Null(FieldTable.Moodle.ByName("customfield:costcenter"));
    }

    [Fact]
    public void Field_values_compare_by_content_whatever_the_order_they_were_given_in()
    {
        var a = Employees.Values(("b", "2"), ("a", null));
        var b = Employees.Values(("a", null), ("b", "2"));

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(["a", "b"], a.Keys);
        Assert.NotEqual(a, a.With("a", ""));
        Assert.NotEqual(a, Employees.Values(("b", "2")));
        Assert.Equal("{a, b}", a.ToString());
    }

    private static string Describe(MoodleField f)
    {
        var text = $"{f.Name} {f.Limit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} {f.Role}";
        if (f.Source is not null)
        {
            text += $" ← {f.Source.Name}";
        }

        if (f.Preferred is not null)
        {
            text += $", {f.Preferred.Name} when set";
        }

        if (f.Rule != ValueRule.Text)
        {
            text += $" as {f.Rule}";
        }

        return f.Required && f.Role == FieldRole.Descriptive ? text + ", required" : text;
    }
}
