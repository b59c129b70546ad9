using Pipeline.Contracts;

namespace Pipeline.Queue.Tests;

internal static class Messages
{
    public static OutgoingMessage For(string employeeId, string runId = "run-1") => new(
        employeeId,
        $$"""{"employeeId":"{{employeeId}}","body":"changed"}""",
        new Dictionary<string, string>
        {
            [MessageAttributes.EmployeeId] = employeeId,
            [MessageAttributes.RunId] = runId,
            [MessageAttributes.TraceParent] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        });

    public static List<OutgoingMessage> Many(int count, string runId = "run-1") =>
        [.. Enumerable.Range(1, count).Select(i => For(i.ToString(System.Globalization.CultureInfo.InvariantCulture), runId))];
}
