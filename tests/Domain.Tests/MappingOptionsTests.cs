using System.ComponentModel.DataAnnotations;
using Pipeline.Domain;

namespace Pipeline.Domain.Tests;

public class MappingOptionsTests
{
    [Fact]
    public void Defaults_are_work_email_usernames_bamboohr_id_idnumbers_and_manual_auth_with_created_passwords()
    {
        var options = new MappingOptions();
        Assert.Equal(UsernameSource.WorkEmail, options.UsernameSource);
        Assert.Equal(IdNumberSource.Id, options.IdNumberSource);
        Assert.Equal("manual", options.Auth);
        Assert.True(options.EffectiveCreatePassword);
        Assert.True(options.LeaverOnPastTerminationDate);
        Assert.False(options.ExtendedUsernameChars);
        Assert.Empty(options.CustomProfileFields);
        Assert.Empty(options.Validate());
        Assert.Equal("Mapping", MappingOptions.SectionName);
    }

    [Theory]
    [InlineData("manual")]
    [InlineData("oauth2")]
    [InlineData("saml2")]
    [InlineData("ldap")]
    [InlineData("nologin")]
    [InlineData("shibboleth")]
    [InlineData("cas")]
    public void Known_auth_plugins_are_accepted(string auth)
    {
        Assert.Empty(Employees.Options(o => o.Auth = auth).Validate());
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("Manual")]
    [InlineData("OAUTH2")]
    [InlineData("none")]
    [InlineData("password")]
    [InlineData("saml")]
    public void Unknown_auth_plugins_are_refused(string auth)
    {
        var errors = Employees.Options(o => o.Auth = auth).Validate();
        Assert.Contains(errors, e => e.Contains("Mapping:Auth", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_password_follows_the_auth_when_not_set()
    {
        Assert.True(Employees.Options(o => o.Auth = "manual").EffectiveCreatePassword);
        Assert.False(Employees.Options(o => o.Auth = "oauth2").EffectiveCreatePassword);
        Assert.False(Employees.Options(o => o.Auth = "saml2").EffectiveCreatePassword);
    }

    [Fact]
    public void Manual_auth_without_created_passwords_is_refused_because_moodle_needs_a_password()
    {
        var errors = Employees.Options(o => o.CreatePassword = false).Validate();
        Assert.Contains(errors, e => e.Contains("Mapping:CreatePassword", StringComparison.Ordinal));
    }

    [Fact]
    public void Created_passwords_with_single_sign_on_are_refused()
    {
        var errors = Employees.Options(o => { o.Auth = "oauth2"; o.CreatePassword = true; }).Validate();
        Assert.Contains(errors, e => e.Contains("Mapping:CreatePassword", StringComparison.Ordinal));
        Assert.Empty(Employees.Options(o => { o.Auth = "oauth2"; o.CreatePassword = false; }).Validate());
    }

    [Theory]
    [InlineData("costcenter", "Department")]
    [InlineData("cost_center_2", "department")]
    [InlineData("JobTitle", "JobTitle")]
    [InlineData("empno", "EmployeeNumber")]
    [InlineData("country_name", "Country")]
    public void Custom_fields_from_snapshot_fields_are_accepted(string shortname, string field)
    {
        var options = Employees.Options(o => o.CustomProfileFields[shortname] = field);
        Assert.Empty(options.Validate());
    }

    [Theory]
    [InlineData("cost-center", "Department")]
    [InlineData("cost center", "Department")]
    [InlineData("", "Department")]
    [InlineData("costcenter", "Salary")]
    [InlineData("costcenter", "")]
    [InlineData("costcenter", "Department ")]
    public void Custom_fields_with_a_bad_shortname_or_an_unknown_snapshot_field_are_refused(string shortname, string field)
    {
        var errors = Employees.Options(o => o.CustomProfileFields[shortname] = field).Validate();
        Assert.Contains(errors, e => e.Contains("Mapping:CustomProfileFields", StringComparison.Ordinal));
    }

    [Fact]
    public void Undefined_enum_values_are_refused()
    {
        var errors = Employees.Options(o => { o.UsernameSource = (UsernameSource)9; o.IdNumberSource = (IdNumberSource)9; }).Validate();
        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void Data_annotation_validation_reports_the_same_errors_so_validate_on_start_catches_them()
    {
        var options = Employees.Options(o => { o.Auth = "bogus"; o.CustomProfileFields["x"] = "Nope"; });
        var results = new List<ValidationResult>();
        var valid = Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        Assert.False(valid);
        Assert.Equal(options.Validate().Count, results.Count);
    }
}
