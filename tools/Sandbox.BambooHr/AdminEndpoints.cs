using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Pipeline.Sandbox.BambooHr;

/// <summary>Test-only controls under /_sandbox/bamboohr; loopback callers only.</summary>
internal static class AdminEndpoints
{
    public static void Map(RouteGroupBuilder admin)
    {
        admin.AddEndpointFilter(async (context, next) =>
            IsLoopback(context.HttpContext.Connection.RemoteIpAddress)
                ? await next(context).ConfigureAwait(false)
                : Results.Text("The sandbox admin API only answers loopback callers.", "text/plain", statusCode: 403));

        admin.MapPost("/load", Load);
        admin.MapGet("/employees", List);
        admin.MapPut("/employees/{id}", Upsert);
        admin.MapDelete("/employees/{id}", Delete);
        admin.MapGet("/faults", (FaultState faults) => Results.Json(faults.Current(), SandboxJsonContext.Default.FaultSettings));
        admin.MapPut("/faults", SetFaults);
        admin.MapGet("/stats", (CallStats stats) => Results.Json(stats.Snapshot(), SandboxJsonContext.Default.StatsResponse));
        admin.MapDelete("/stats", (CallStats stats) =>
        {
            stats.Reset();
            return Results.NoContent();
        });
        admin.MapPost("/generate", Generate);
        admin.MapGet("/calendar", (EmployeeStore store) => Results.Json(store.Calendar, SandboxJsonContext.Default.CalendarSettings));
        admin.MapPut("/calendar", SetCalendar);
    }

    /// <summary>Null means in-process (TestServer); IPv4 loopback may arrive mapped into IPv6.</summary>
    public static bool IsLoopback(IPAddress? address) =>
        address is null || IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    private static async Task<IResult> Load(HttpRequest request, EmployeeStore store)
    {
        var (document, problem) = await ReadBody(request, SandboxJsonContext.Default.SeedDocument).ConfigureAwait(false);
        if (document is null)
        {
            return BadRequest(problem);
        }

        try
        {
            store.Load(document);
        }
        catch (SeedException ex)
        {
            return BadRequest(ex.Message);
        }

        return Results.NoContent();
    }

    private static IResult List(EmployeeStore store)
    {
        var employees = store.All().Select(AdminView).ToList();
        var deleted = store.AllDeleted()
            .Select(d => new Dictionary<string, string?>(StringComparer.Ordinal) { ["id"] = d.Key, ["lastChanged"] = Timestamps.Format(d.Value) })
            .ToList();
        return Results.Json(new AdminEmployeeList(employees, deleted), SandboxJsonContext.Default.AdminEmployeeList);
    }

    private static async Task<IResult> Upsert(string id, HttpRequest request, EmployeeStore store)
    {
        var (fields, problem) = await ReadBody(request, SandboxJsonContext.Default.DictionaryStringString).ConfigureAwait(false);
        if (fields is null)
        {
            return BadRequest(problem);
        }

        try
        {
            return Results.Json(AdminView(store.Upsert(id, fields)), SandboxJsonContext.Default.DictionaryStringString);
        }
        catch (SeedException ex)
        {
            return BadRequest(ex.Message);
        }
    }

    private static IResult Delete(string id, EmployeeStore store) =>
        store.Delete(id) ? Results.NoContent() : Results.Text($"No employee {id}.", "text/plain", statusCode: 404);

    private static async Task<IResult> SetFaults(HttpRequest request, FaultState faults)
    {
        var (settings, problem) = await ReadBody(request, SandboxJsonContext.Default.FaultSettings).ConfigureAwait(false);
        if (settings is null)
        {
            return BadRequest(problem);
        }

        faults.Apply(settings);
        return Results.Json(faults.Current(), SandboxJsonContext.Default.FaultSettings);
    }

    private static async Task<IResult> SetCalendar(HttpRequest request, EmployeeStore store)
    {
        var (settings, problem) = await ReadBody(request, SandboxJsonContext.Default.CalendarSettings).ConfigureAwait(false);
        if (settings is null)
        {
            return BadRequest(problem);
        }

        if (settings.Today is { } today && !DateOnly.TryParseExact(today, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return BadRequest("today must be yyyy-mm-dd.");
        }

        store.Calendar = settings;
        return Results.Json(settings, SandboxJsonContext.Default.CalendarSettings);
    }

    private static IResult Generate(HttpRequest request, EmployeeStore store, SandboxOptions options, TimeProvider clock)
    {
        var query = request.Query;
        if (!int.TryParse(query["count"], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || count < SeedGenerator.MinCount || count > SeedGenerator.MaxCount)
        {
            return BadRequest($"count must be a number from {SeedGenerator.MinCount} to {SeedGenerator.MaxCount}.");
        }

        var seed = 1;
        if (query.ContainsKey("seed") && !int.TryParse(query["seed"], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out seed))
        {
            return BadRequest("seed must be a whole number.");
        }

        var deleted = 0;
        if (query.ContainsKey("deleted")
            && (!int.TryParse(query["deleted"], NumberStyles.None, CultureInfo.InvariantCulture, out deleted) || deleted > count))
        {
            return BadRequest("deleted must be a number no larger than count.");
        }

        // Anchored to today's UTC midnight so the same seed gives the same document all day.
        var now = clock.GetUtcNow();
        var anchor = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        if (query.ContainsKey("now") && !Timestamps.TryParse(query["now"], out anchor))
        {
            return BadRequest("now must be yyyy-mm-ddThh:mm:ss with Z or an offset (send '+' as %2B).");
        }

        var document = SeedGenerator.Generate(count, seed, deleted, anchor, options.Company);
        store.Load(document);
        return Results.Json(document, SandboxJsonContext.Default.SeedDocument);
    }

    private static Dictionary<string, string?> AdminView(StoredEmployee e)
    {
        var row = new Dictionary<string, string?>(StringComparer.Ordinal) { ["id"] = e.Id };
        foreach (var field in Fields.Stored)
        {
            row[field.Id] = e.Get(field.Id);
        }

        row["lastChanged"] = Timestamps.Format(e.LastChanged);
        row["created"] = Timestamps.Format(e.Created);
        return row;
    }

    private static async Task<(T? Value, string Problem)> ReadBody<T>(HttpRequest request, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync(request.Body, type, request.HttpContext.RequestAborted).ConfigureAwait(false);
            return value is null ? (null, "The body is JSON null.") : (value, "");
        }
        catch (JsonException ex)
        {
            return (null, $"The body is not a valid {typeof(T).Name}: {ex.Message}");
        }
    }

    private static IResult BadRequest(string message) => Results.Text(message, "text/plain; charset=utf-8", statusCode: 400);
}
