using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Pipeline.Sandbox.BambooHr;
using Pipeline.Sandbox.Moodle;
using Pipeline.Sandbox.Moodle.Admin;

namespace Pipeline.TestSupport.Pipeline;

/// <summary>The sandboxes' admin APIs (/_sandbox/bamboohr, /_sandbox/moodle).</summary>
public sealed partial class PipelineStack
{
    /// <summary>
    /// Replaces BambooHR's data with <paramref name="count"/> generated employees (see the sandbox's SeedGenerator:
    /// ids "1".."count", every 10th an Inactive leaver, id "2" the rehire, the last three poison) and
    /// <paramref name="deleted"/> deleted ids after them.
    /// </summary>
    public async Task<SeedDocument> GenerateAsync(int count, int seed = 1, int deleted = 0)
    {
        var query = string.Create(CultureInfo.InvariantCulture, $"generate?count={count}&seed={seed}&deleted={deleted}");
        using var response = await BambooHrAdmin.PostAsync(query, null).ConfigureAwait(false);
        var text = await EnsureAsync(response, "POST /_sandbox/bamboohr/" + query).ConfigureAwait(false);
        return JsonSerializer.Deserialize(text, StackJsonContext.Default.SeedDocument)
            ?? throw new InvalidOperationException("The BambooHR sandbox's generate answered JSON null.");
    }

    /// <summary>Replaces BambooHR's data with <paramref name="document"/>.</summary>
    public async Task LoadAsync(SeedDocument document)
    {
        using var content = new StringContent(JsonSerializer.Serialize(document, StackJsonContext.Default.SeedDocument), Encoding.UTF8, "application/json");
        using var response = await BambooHrAdmin.PostAsync("load", content).ConfigureAwait(false);
        await EnsureAsync(response, "POST /_sandbox/bamboohr/load").ConfigureAwait(false);
    }

    /// <summary>
    /// Creates or changes one employee (field ids as BambooHR names them: firstName, workEmail, status, terminationDate...).
    /// lastChanged becomes now unless given. Returns the stored row.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string?>> PutEmployeeAsync(string id, IReadOnlyDictionary<string, string?> fields)
    {
        var body = new Dictionary<string, string?>(fields, StringComparer.Ordinal);
        using var content = new StringContent(JsonSerializer.Serialize(body, StackJsonContext.Default.DictionaryStringString), Encoding.UTF8, "application/json");
        using var response = await BambooHrAdmin.PutAsync("employees/" + Uri.EscapeDataString(id), content).ConfigureAwait(false);
        var text = await EnsureAsync(response, "PUT /_sandbox/bamboohr/employees/" + id).ConfigureAwait(false);
        return JsonSerializer.Deserialize(text, StackJsonContext.Default.DictionaryStringString)
            ?? throw new InvalidOperationException("The BambooHR sandbox answered JSON null.");
    }

    /// <summary>Deletes the employee in BambooHR: changed-since reports it as Deleted from now on.</summary>
    public async Task DeleteEmployeeAsync(string id)
    {
        using var response = await BambooHrAdmin.DeleteAsync("employees/" + Uri.EscapeDataString(id)).ConfigureAwait(false);
        await EnsureAsync(response, "DELETE /_sandbox/bamboohr/employees/" + id).ConfigureAwait(false);
    }

    /// <summary>Runtime BambooHR faults (503 rate, Fail503Next, rate limit, latency); absent members keep their value.</summary>
    public async Task SetBambooHrFaultsAsync(FaultSettings faults)
    {
        using var content = new StringContent(JsonSerializer.Serialize(faults, StackJsonContext.Default.FaultSettings), Encoding.UTF8, "application/json");
        using var response = await BambooHrAdmin.PutAsync("faults", content).ConfigureAwait(false);
        await EnsureAsync(response, "PUT /_sandbox/bamboohr/faults").ConfigureAwait(false);
    }

    /// <summary>
    /// The BambooHR stand-in's calendar: its date, and whether a termination takes effect on it (the employee reads as
    /// Inactive) without touching lastChanged.
    /// </summary>
    public async Task SetBambooHrCalendarAsync(CalendarSettings calendar)
    {
        using var content = new StringContent(JsonSerializer.Serialize(calendar, StackJsonContext.Default.CalendarSettings), Encoding.UTF8, "application/json");
        using var response = await BambooHrAdmin.PutAsync("calendar", content).ConfigureAwait(false);
        await EnsureAsync(response, "PUT /_sandbox/bamboohr/calendar").ConfigureAwait(false);
    }

    /// <summary>BambooHR API calls served per endpoint name (e.g. "changed", "custom_report"), from /_sandbox/bamboohr/stats.</summary>
    public async Task<Dictionary<string, int>> BambooHrCallsAsync()
    {
        using var response = await BambooHrAdmin.GetAsync("stats").ConfigureAwait(false);
        var text = await EnsureAsync(response, "GET /_sandbox/bamboohr/stats").ConfigureAwait(false);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.GetProperty("calls").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32(), StringComparer.Ordinal);
    }

    public async Task<List<SandboxUserView>> MoodleUsersAsync() =>
        await MoodleAdmin.GetFromJsonAsync("users", SandboxAdminJsonContext.Default.ListSandboxUserView).ConfigureAwait(false)
        ?? throw new InvalidOperationException("The Moodle sandbox answered JSON null for its users.");

    /// <summary>Moodle's users that carry an idnumber (the site's admin and guest do not), keyed by it.</summary>
    public async Task<Dictionary<string, SandboxUserView>> MoodleUsersByIdNumberAsync() =>
        (await MoodleUsersAsync().ConfigureAwait(false)).Where(u => u.Idnumber.Length > 0 && !u.Deleted).ToDictionary(u => u.Idnumber, StringComparer.Ordinal);

    /// <summary>The Moodle users whose idnumber is <paramref name="idNumber"/> (the pipeline sets it to the BambooHR id).</summary>
    public async Task<SandboxUserView?> MoodleUserAsync(string idNumber) =>
        (await MoodleUsersAsync().ConfigureAwait(false)).SingleOrDefault(u => u.Idnumber == idNumber && !u.Deleted);

    public async Task<StatsDto> MoodleStatsAsync() =>
        await MoodleAdmin.GetFromJsonAsync("stats", SandboxAdminJsonContext.Default.StatsDto).ConfigureAwait(false)
        ?? throw new InvalidOperationException("The Moodle sandbox answered JSON null for its stats.");

    /// <summary>Users written by create and update calls since start (the sandbox's users_written counters).</summary>
    public async Task<long> MoodleUsersWrittenAsync()
    {
        var stats = await MoodleStatsAsync().ConfigureAwait(false);
        return stats.UsersWritten.Values.Sum();
    }

    /// <summary>Replaces the Moodle sandbox's fault settings (a PUT replaces the whole setting).</summary>
    public async Task SetMoodleFaultsAsync(MoodleFaultSettings faults)
    {
        using var content = new StringContent(JsonSerializer.Serialize(faults, SandboxAdminJsonContext.Default.MoodleFaultSettings), Encoding.UTF8, "application/json");
        using var response = await MoodleAdmin.PutAsync("faults", content).ConfigureAwait(false);
        await EnsureAsync(response, "PUT /_sandbox/moodle/faults").ConfigureAwait(false);
    }

    /// <summary>Adds users to Moodle as they would already exist there (e.g. a suspended user for a rehire).</summary>
    public async Task<List<SandboxUserView>> PreloadMoodleUsersAsync(params SandboxUserView[] users)
    {
        using var content = new StringContent(JsonSerializer.Serialize(users.ToList(), SandboxAdminJsonContext.Default.ListSandboxUserView), Encoding.UTF8, "application/json");
        using var response = await MoodleAdmin.PostAsync("users", content).ConfigureAwait(false);
        var text = await EnsureAsync(response, "POST /_sandbox/moodle/users").ConfigureAwait(false);
        return JsonSerializer.Deserialize(text, SandboxAdminJsonContext.Default.ListSandboxUserView) ?? [];
    }

    private static async Task<string> EnsureAsync(HttpResponseMessage response, string what)
    {
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{what} answered {(int)response.StatusCode}: {text}");
        }

        return text;
    }
}
