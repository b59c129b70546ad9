namespace Pipeline.Moodle.Tests;

public sealed class MoodleErrorClassifierTests
{
    [Theory]
    [InlineData("dml_write_exception", "dmlwriteexception", MoodleErrorKind.Transient)]
    [InlineData("dml_read_exception", "dmlreadexception", MoodleErrorKind.Transient)]
    [InlineData(@"core\exception\moodle_exception", "invalidtoken", MoodleErrorKind.Fatal)]
    [InlineData("webservice_access_exception", "accessexception", MoodleErrorKind.Fatal)]
    [InlineData(@"core\exception\required_capability_exception", "nopermissions", MoodleErrorKind.Fatal)]
    [InlineData("dml_missing_record_exception", "invalidrecord", MoodleErrorKind.Fatal)] // unknown wsfunction
    [InlineData(@"core\exception\coding_exception", "codingerror", MoodleErrorKind.Fatal)]
    [InlineData(@"core\exception\invalid_parameter_exception", "invalidparameter", MoodleErrorKind.InvalidRecord)]
    [InlineData("dml_missing_record_exception", "invaliduser", MoodleErrorKind.InvalidRecord)]
    [InlineData(@"core\exception\moodle_exception", "<div>Passwords must be at least 8 characters long.</div>", MoodleErrorKind.InvalidRecord)]
    public void Moodle_errors_are_classified_by_what_the_caller_can_do(string exceptionClass, string code, MoodleErrorKind expected) =>
        Assert.Equal(expected, MoodleErrorClassifier.Classify(exceptionClass, code));

    [Theory]
    [InlineData(500, MoodleErrorKind.Transient)]
    [InlineData(503, MoodleErrorKind.Transient)]
    [InlineData(429, MoodleErrorKind.Transient)]
    [InlineData(408, MoodleErrorKind.Transient)]
    [InlineData(404, MoodleErrorKind.Fatal)]
    [InlineData(403, MoodleErrorKind.Fatal)]
    public void Http_statuses_are_classified(int status, MoodleErrorKind expected) =>
        Assert.Equal(expected, MoodleErrorClassifier.ClassifyHttpStatus(status));
}
