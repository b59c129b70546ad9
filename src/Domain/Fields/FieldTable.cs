using Pipeline.Contracts;

namespace Pipeline.Domain.Fields;

/// <summary>
/// The one field table: BambooHR field → <see cref="EmployeeSnapshot"/> property → Moodle field → Moodle's column size,
/// and whether the Moodle field finds the account (identity) or describes the person (descriptive). Everything that
/// handles fields one by one reads it: the custom-report parser asks BambooHR for <see cref="BambooHr.Reported"/> and
/// fills snapshots through it, the mapper takes its sources, limits and labels from it, the reconciler compares
/// <see cref="Moodle.KeptInStep"/>, and the request builder and form writer carry <see cref="Moodle.Descriptive"/> by name.
/// <para>
/// Adding a descriptive field (say BambooHR's mobilePhone into Moodle's phone2): a property on EmployeeSnapshot (a
/// contract change: the message body and its hash carry it), a row in <see cref="BambooHr"/>, a row in
/// <see cref="Moodle"/>, and the expected rows in FieldTableTests. Nothing else names it.
/// </para>
/// </summary>
public static class FieldTable
{
    /// <summary>BambooHR's side, in the order of EmployeeSnapshot's properties (which is the order the message body keeps).</summary>
    public static class BambooHr
    {
        // API name, label on BambooHR's screens, snapshot property (read, and written by the report parser).
        public static readonly BambooHrField Id = new(
            "id", "Employee ID", nameof(EmployeeSnapshot.Id), s => s.Id, (s, v) => s with { Id = v ?? throw new ArgumentNullException(nameof(v)) });

        public static readonly BambooHrField EmployeeNumber = new(
            "employeeNumber", "Employee #", nameof(EmployeeSnapshot.EmployeeNumber), s => s.EmployeeNumber, (s, v) => s with { EmployeeNumber = v });

        public static readonly BambooHrField FirstName = new(
            "firstName", "First Name", nameof(EmployeeSnapshot.FirstName), s => s.FirstName, (s, v) => s with { FirstName = v });

        public static readonly BambooHrField LastName = new(
            "lastName", "Last Name", nameof(EmployeeSnapshot.LastName), s => s.LastName, (s, v) => s with { LastName = v });

        public static readonly BambooHrField PreferredName = new(
            "preferredName", "Preferred Name", nameof(EmployeeSnapshot.PreferredName), s => s.PreferredName, (s, v) => s with { PreferredName = v });

        public static readonly BambooHrField WorkEmail = new(
            "workEmail", "Work Email", nameof(EmployeeSnapshot.WorkEmail), s => s.WorkEmail, (s, v) => s with { WorkEmail = v });

        public static readonly BambooHrField Status = new(
            "status", "Status", nameof(EmployeeSnapshot.Status), s => s.Status, (s, v) => s with { Status = v });

        public static readonly BambooHrField HireDate = new(
            "hireDate", "Hire Date", nameof(EmployeeSnapshot.HireDate), s => s.HireDate, (s, v) => s with { HireDate = v });

        public static readonly BambooHrField TerminationDate = new(
            "terminationDate", "Termination Date", nameof(EmployeeSnapshot.TerminationDate), s => s.TerminationDate, (s, v) => s with { TerminationDate = v });

        public static readonly BambooHrField Department = new(
            "department", "Department", nameof(EmployeeSnapshot.Department), s => s.Department, (s, v) => s with { Department = v });

        public static readonly BambooHrField Division = new(
            "division", "Division", nameof(EmployeeSnapshot.Division), s => s.Division, (s, v) => s with { Division = v });

        public static readonly BambooHrField JobTitle = new(
            "jobTitle", "Job Title", nameof(EmployeeSnapshot.JobTitle), s => s.JobTitle, (s, v) => s with { JobTitle = v });

        public static readonly BambooHrField Location = new(
            "location", "Location", nameof(EmployeeSnapshot.Location), s => s.Location, (s, v) => s with { Location = v });

        public static readonly BambooHrField Country = new(
            "country", "Country", nameof(EmployeeSnapshot.Country), s => s.Country, (s, v) => s with { Country = v });

        /// <summary>What the custom report asks for, in this order; it answers each employee's "id" without being asked.</summary>
        public static readonly IReadOnlyList<BambooHrField> Reported =
        [
            EmployeeNumber, FirstName, LastName, PreferredName, WorkEmail, Status, HireDate, TerminationDate, Department, Division, JobTitle,
            Location, Country,
        ];

        public static readonly IReadOnlyList<BambooHrField> All = [Id, .. Reported];

        /// <summary>The field whose snapshot property is <paramref name="property"/> (case-insensitive), as Mapping:CustomProfileFields names it.</summary>
        public static BambooHrField? ByProperty(string? property) =>
            property is null ? null : All.FirstOrDefault(f => string.Equals(f.Property, property, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Moodle 4.5's user table, in the order the reconciler lists changes.</summary>
    public static class Moodle
    {
        // Identity: the mapper picks the BambooHR source by its options (Mapping:IdNumberSource, Mapping:UsernameSource).
        public static readonly MoodleField IdNumber = MoodleField.Identity("idnumber", 255, d => d.IdNumber, m => m.IdNumber);

        public static readonly MoodleField Username = MoodleField.Identity("username", 100, d => d.Username, m => m.Username);

        public static readonly MoodleField FirstName = MoodleField.Descriptive(
            "firstname", 100, BambooHr.FirstName, preferred: BambooHr.PreferredName, required: true);

        public static readonly MoodleField LastName = MoodleField.Descriptive("lastname", 100, BambooHr.LastName, required: true);

        // Always BambooHR's workEmail; by default the username is the same address, lower-cased.
        public static readonly MoodleField Email = MoodleField.Identity("email", 100, d => d.Email, m => m.Email);

        public static readonly MoodleField Department = MoodleField.Descriptive("department", 255, BambooHr.Department);

        public static readonly MoodleField Institution = MoodleField.Descriptive("institution", 255, BambooHr.Division);

        public static readonly MoodleField City = MoodleField.Descriptive("city", 120, BambooHr.Location);

        public static readonly MoodleField Country = MoodleField.Descriptive("country", 2, BambooHr.Country, rule: ValueRule.CountryName);

        // Mapping:Auth, the same for every synced user.
        public static readonly MoodleField Auth = MoodleField.Setting("auth", 20, d => d.Auth, m => m.Auth);

        // The leaver rule: BambooHR's status, hireDate and terminationDate, or the employee deleted.
        public static readonly MoodleField Suspended = MoodleField.Status("suspended");

        public static readonly IReadOnlyList<MoodleField> All =
            [IdNumber, Username, FirstName, LastName, Email, Department, Institution, City, Country, Auth, Suspended];

        /// <summary>What <see cref="DesiredUser.Profile"/> and <see cref="MoodleUserState.Profile"/> hold.</summary>
        public static readonly IReadOnlyList<MoodleField> Descriptive = [.. All.Where(f => f.Role == FieldRole.Descriptive)];

        /// <summary>
        /// What the reconciler keeps equal to the desired user: every text field but the idnumber, which it writes only
        /// to link an account found by e-mail or username.
        /// </summary>
        public static readonly IReadOnlyList<MoodleField> KeptInStep = [.. All.Where(f => f.IsText && f != IdNumber)];

        /// <summary>A custom profile field travels in a <see cref="FieldChange"/> as "customfield:&lt;shortname&gt;".</summary>
        public const string CustomFieldPrefix = "customfield:";

        public static string CustomField(string shortname) => CustomFieldPrefix + shortname;

        public static bool IsCustomField(string field, out string shortname)
        {
            ArgumentNullException.ThrowIfNull(field);
            var custom = field.StartsWith(CustomFieldPrefix, StringComparison.Ordinal);
            shortname = custom ? field[CustomFieldPrefix.Length..] : string.Empty;
            return custom;
        }

        public static MoodleField? ByName(string? name) => All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));
    }
}
