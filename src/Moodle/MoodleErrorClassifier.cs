namespace Pipeline.Moodle;

/// <summary>Sorts Moodle's errors into what the caller should do about them.</summary>
public static class MoodleErrorClassifier
{
    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "dmlwriteexception", "dmlreadexception", "dmltransactionexception", "dbconnectionfailed",
        "sessionwaiterr", "sitemaintenance", "ddlexecuteerror",
    };

    private static readonly HashSet<string> FatalCodes = new(StringComparer.Ordinal)
    {
        "invalidtoken", "accessexception", "nopermissions", "servicerequireslogin", "servicenotavailable",
        "webservicesnotenabled", "enablewsdescription", "requireloginerror", "usernotfullysetup",
        "forcepasswordchangenotice", "sitepolicynotagreed", "invalidtimedtoken", "invalidtokensession",
        "codingerror", "restoredaccountresetpassword", "suspended", "invalidlogin",
    };

    public static MoodleErrorKind Classify(string? exceptionClass, string errorCode)
    {
        if (TransientCodes.Contains(errorCode)
            || exceptionClass is "dml_write_exception" or "dml_read_exception" or "dml_transaction_exception" or "dml_connection_exception")
        {
            return MoodleErrorKind.Transient;
        }

        // An unknown wsfunction: Moodle looks it up and misses the external_functions row.
        if (FatalCodes.Contains(errorCode) || (errorCode == "invalidrecord" && exceptionClass == "dml_missing_record_exception"))
        {
            return MoodleErrorKind.Fatal;
        }

        return MoodleErrorKind.InvalidRecord;
    }

    public static MoodleErrorKind ClassifyHttpStatus(int status) =>
        status >= 500 || status is 408 or 429 ? MoodleErrorKind.Transient : MoodleErrorKind.Fatal;

    /// <summary>What an operator can do about it.</summary>
    public static string Advice(MoodleErrorKind kind, string errorCode) => (kind, errorCode) switch
    {
        (_, "invalidtoken") => "Check Moodle__Token: the site does not know this token (revoked, expired or mistyped).",
        (_, "accessexception") => "Give the token's user webservice/rest:use and make sure the function is in the token's external service (Site administration > Server > Web services).",
        (_, "nopermissions") => "Give the token's user the capability named in the message (moodle/user:create, moodle/user:update).",
        (_, "invalidrecord") => "The site does not know this function: check the Moodle version (4.5 expected) and Moodle__BaseUrl.",
        (_, "codingerror") => "The client sent a request Moodle cannot handle; this is a bug in the pipeline.",
        (MoodleErrorKind.Transient, _) => "Retry later; re-read before retrying a write, it may have been applied.",
        (MoodleErrorKind.Fatal, _) => "Fix the Moodle configuration before retrying; every record would fail the same way.",
        _ => "Fix this record's data; with $CFG->debug on, debuginfo names the field.",
    };
}
