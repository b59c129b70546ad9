using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Pipeline.Contracts;
using Pipeline.Domain.Fields;

namespace Pipeline.BambooHr.Tests;

/// <summary>
/// The one custom-report parser: it asks for and reads exactly the field table's BambooHR fields, and takes any
/// well-formed answer the way System.Text.Json's document reads it. Broken answers: <see cref="HostileAnswerTests"/>.
/// </summary>
public sealed class CustomReportParserTests
{
    private static readonly IReadOnlySet<string> Seven = new HashSet<string>(["7"], StringComparer.Ordinal);

    [Fact]
    public async Task Every_field_of_the_table_is_asked_for_and_lands_in_its_own_snapshot_property()
    {
        JsonNode? request = null;
        var row = new JsonObject { ["id"] = "7" };
        foreach (var field in FieldTable.BambooHr.Reported)
        {
            row[field.Name] = "value of " + field.Name;
        }

        await using var server = await CannedServer.StartAsync(async context =>
        {
            request = await JsonNode.ParseAsync(context.Request.Body);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(new JsonObject { ["employees"] = new JsonArray(row) }.ToJsonString());
        });

        var snapshot = (await server.Client().GetSnapshotsAsync(["7"], CancellationToken.None))["7"];

        Assert.Equal(FieldTable.BambooHr.Reported.Select(f => f.Name), request!["fields"]!.AsArray().Select(n => (string?)n));
        Assert.Equal("7", snapshot.Id);
        foreach (var field in FieldTable.BambooHr.Reported)
        {
            // Read back by reflection, not through the table, so a row writing the wrong property is caught here.
            Assert.Equal("value of " + field.Name, typeof(EmployeeSnapshot).GetProperty(field.Property)!.GetValue(snapshot));
        }
    }

    [Fact]
    public void Absent_and_null_fields_read_as_null_and_fields_outside_the_table_are_ignored()
    {
        var snapshot = ParseOne("""{"employees":[{"workEmail":null,"id":"7","firstName":"A\"b","unknown":{"x":[1,2]},"country":"United Kingdom"}]}""");

        Assert.Equal(new EmployeeSnapshot { Id = "7", FirstName = "A\"b", Country = "United Kingdom" }, snapshot);
    }

    [Fact]
    public void Escaped_property_names_and_values_are_read_as_what_they_spell()
    {
        var snapshot = ParseOne("""{"employees":[{"\u0069d":"7","firstN\u0061me":"Zo\u00eb","lastName":"line\nbreak"}]}""");

        Assert.Equal(("Zoë", "line\nbreak"), (snapshot.FirstName, snapshot.LastName));
    }

    [Fact]
    public void A_repeated_property_counts_once_with_its_last_value()
    {
        var snapshot = ParseOne("""{"employees":[{"id":"7","department":"First","department":"Last"}]}""");

        Assert.Equal("Last", snapshot.Department);
    }

    [Fact]
    public void An_employee_already_read_from_an_earlier_chunk_is_refused_as_appearing_twice()
    {
        var into = new Dictionary<string, EmployeeSnapshot>(StringComparer.Ordinal) { ["7"] = new() { Id = "7" } };

        var error = Assert.Throws<BambooHrException>(() => CustomReportParser.Parse(Body("""{"employees":[{"id":"7"}]}"""), Seven, into));

        Assert.Contains("employee 7 appears twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_ids_asked_for_are_kept_and_counted()
    {
        var into = new Dictionary<string, EmployeeSnapshot>(StringComparer.Ordinal);

        var count = CustomReportParser.Parse(Body("""{"employees":[{"id":"6"},{"id":"7","jobTitle":"Analyst"},{"id":"8"}]}"""), Seven, into);

        Assert.Equal(1, count);
        Assert.Equal("Analyst", Assert.Single(into).Value.JobTitle);
    }

    private static EmployeeSnapshot ParseOne(string body)
    {
        var into = new Dictionary<string, EmployeeSnapshot>(StringComparer.Ordinal);
        Assert.Equal(1, CustomReportParser.Parse(Body(body), Seven, into));
        return into["7"];
    }

    private static ReadOnlyMemory<byte> Body(string json) => Encoding.UTF8.GetBytes(json);
}
