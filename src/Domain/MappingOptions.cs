using System.Collections.Frozen;
using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Pipeline.Domain.Fields;

namespace Pipeline.Domain;

/// <summary>
/// How a BambooHR employee becomes a Moodle user. Bound from the "Mapping" configuration section; the hosts'
/// validator runs <see cref="Validate()"/> at start (ValidateOnStart) and refuses a bad configuration before the
/// first message is read.
/// </summary>
public sealed partial class MappingOptions : IValidatableObject
{
    public const string SectionName = "Mapping";

    public const string ManualAuth = "manual";

    /// <summary>
    /// Moodle core auth plugins that make sense for synced staff, plus the widely used auth_saml2
    /// plugin. "none" (no authentication at all) is deliberately absent.
    /// </summary>
    public static readonly FrozenSet<string> KnownAuths = new[]
    {
        "manual", "nologin", "email", "oauth2", "saml2", "ldap", "cas", "shibboleth", "db", "lti", "mnet", "webservice",
    }.ToFrozenSet(StringComparer.Ordinal);

    public UsernameSource UsernameSource { get; set; } = UsernameSource.WorkEmail;

    public IdNumberSource IdNumberSource { get; set; } = IdNumberSource.Id;

    /// <summary>Moodle auth plugin name for created users (lower-case, as Moodle's PARAM_PLUGIN needs).</summary>
    [Required]
    public string Auth { get; set; } = ManualAuth;

    /// <summary>
    /// Ask Moodle to generate and e-mail a password on create. Null means "yes for manual, no otherwise".
    /// Manual accounts must have it: Moodle refuses a manual user with neither password nor
    /// createpassword, and this pipeline never handles passwords.
    /// </summary>
    public bool? CreatePassword { get; set; }

    /// <summary>Treat an Active employee whose termination date has passed (and who is not a rehire) as a leaver.</summary>
    public bool LeaverOnPastTerminationDate { get; set; } = true;

    /// <summary>
    /// Create a future joiner's account only from this many days before their hire date (0: on the day). Null, the
    /// default, creates at once. Until then the consumer settles them as unchanged (<see cref="NoChangeReasons.BeforeHire"/>)
    /// and the producer re-publishes them on the day (<see cref="EffectiveDates.NextDue"/>).
    /// </summary>
    public int? CreateDaysBeforeHire { get; set; }

    /// <summary>
    /// Mirrors Moodle's $CFG->extendedusernamechars. Off (Moodle's default), a username may hold only
    /// a-z 0-9 - _ . @, so a work e-mail with '+' or an apostrophe cannot be a username.
    /// </summary>
    public bool ExtendedUsernameChars { get; set; }

    /// <summary>Moodle custom profile field shortname → <see cref="Contracts.EmployeeSnapshot"/> field name.</summary>
    public Dictionary<string, string> CustomProfileFields { get; set; } = new(StringComparer.Ordinal);

    public bool EffectiveCreatePassword => CreatePassword ?? IsManualAuth;

    private bool IsManualAuth => string.Equals(Auth, ManualAuth, StringComparison.Ordinal);

    /// <summary>Every problem with this configuration, each naming the key to fix; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Auth) || !KnownAuths.Contains(Auth))
        {
            errors.Add(
                $"Mapping:Auth must be one of {string.Join(", ", KnownAuths.Order(StringComparer.Ordinal))} (lower-case); set it to the auth plugin your Moodle users sign in with.");
        }
        else if (IsManualAuth && CreatePassword == false)
        {
            errors.Add("Mapping:CreatePassword cannot be false with Mapping:Auth=manual: Moodle refuses a manual user without a password, and this pipeline never handles passwords. Remove the setting or set it to true.");
        }
        else if (!IsManualAuth && Auth != "email" && CreatePassword == true)
        {
            errors.Add($"Mapping:CreatePassword=true makes Moodle e-mail a password that auth '{Auth}' never uses. Remove the setting or set it to false.");
        }

        if (!Enum.IsDefined(UsernameSource))
        {
            errors.Add("Mapping:UsernameSource must be WorkEmail or EmployeeNumber.");
        }

        if (!Enum.IsDefined(IdNumberSource))
        {
            errors.Add("Mapping:IdNumberSource must be Id or EmployeeNumber.");
        }

        if (CreateDaysBeforeHire is < 0 or > 3650)
        {
            errors.Add("Mapping:CreateDaysBeforeHire must be from 0 to 3650 days, or absent to create a future joiner at once.");
        }

        if (CustomProfileFields is null)
        {
            errors.Add("Mapping:CustomProfileFields must be a section of shortname = field pairs, or absent.");
            return errors;
        }

        foreach (var (shortname, field) in CustomProfileFields)
        {
            if (!ShortnamePattern().IsMatch(shortname ?? string.Empty))
            {
                errors.Add($"Mapping:CustomProfileFields has the key '{shortname}', which is not a Moodle profile field shortname (letters, digits and _ only, at most 255).");
            }

            if (FieldTable.BambooHr.ByProperty(field) is null)
            {
                errors.Add(
                    $"Mapping:CustomProfileFields:{shortname} names '{field}', which is not an employee field. Use one of {string.Join(", ", FieldTable.BambooHr.All.Select(f => f.Property).Order(StringComparer.Ordinal))}.");
            }
        }

        return errors;
    }

    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext) =>
        Validate().Select(e => new ValidationResult(e));

    [GeneratedRegex("^[A-Za-z0-9_]{1,255}$", RegexOptions.CultureInvariant)]
    private static partial Regex ShortnamePattern();
}
