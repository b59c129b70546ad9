namespace Pipeline.Domain;

/// <summary>
/// Reason codes for an employee that can never sync as BambooHR holds it. They travel to the DLQ as
/// failure_code; retrying does not help, fixing the data in BambooHR (or Moodle) does.
/// </summary>
public static class PoisonCodes
{
    public const string MissingEmail = "missing_email";
    public const string InvalidEmail = "invalid_email";
    public const string MissingName = "missing_name";
    public const string InvalidStatus = "invalid_status";
    public const string FieldTooLong = "field_too_long";
    public const string FieldHasMarkup = "field_has_markup";
    public const string InvalidUsername = "invalid_username";
    public const string MissingEmployeeNumber = "missing_employee_number";
    public const string InvalidDate = "invalid_date";
    public const string MissingSnapshot = "missing_snapshot";
    public const string AmbiguousMatch = "ambiguous_match";
    public const string IdNumberConflict = "idnumber_conflict";
    public const string UsernameTaken = "username_taken";

    /// <summary>Several Moodle accounts hold the employee's idnumber; the pipeline never adds another.</summary>
    public const string IdNumberDuplicate = "idnumber_duplicate";
}
