using Pipeline.Resilience;

namespace Pipeline.Moodle;

/// <summary>
/// Moodle's errors in the client's terms: which kind each is comes from the pipeline's one table
/// (<see cref="FailureClassifier"/>); what an operator can do about it is said here.
/// </summary>
public static class MoodleErrorClassifier
{
    public static MoodleErrorKind Classify(string? exceptionClass, string errorCode) =>
        ToKind(FailureClassifier.Moodle(exceptionClass, errorCode));

    public static MoodleErrorKind ClassifyHttpStatus(int status) => ToKind(FailureClassifier.Http(status));

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

    private static MoodleErrorKind ToKind(FailureKind kind) => kind switch
    {
        FailureKind.Transient => MoodleErrorKind.Transient,
        FailureKind.Fatal => MoodleErrorKind.Fatal,
        _ => MoodleErrorKind.InvalidRecord,
    };
}
