using System.Text.Json.Nodes;

namespace Pipeline.Chaos.Scenario;

/// <summary>A BambooHR employee as the sandbox's admin API shows it (every value a string or null).</summary>
public sealed record Employee(
    string Id, string? FirstName, string? LastName, string? PreferredName, string? WorkEmail, string? Status,
    string? HireDate, string? TerminationDate, string? Department, string? Division, string? JobTitle, string? Location, string? Country)
{
    public static Employee From(JsonNode node) => new(
        (string)node["id"]!,
        S(node, "firstName"), S(node, "lastName"), S(node, "preferredName"), S(node, "workEmail"), S(node, "status"),
        S(node, "hireDate"), S(node, "terminationDate"), S(node, "department"), S(node, "division"), S(node, "jobTitle"),
        S(node, "location"), S(node, "country"));

    private static string? S(JsonNode node, string name) => node[name]?.GetValue<string>();
}

/// <summary>A Moodle user row from the sandbox's admin API.</summary>
public sealed record MoodleUser(
    long Id, string Username, string FirstName, string LastName, string Email, string IdNumber, string Department,
    string Institution, string City, string Country, bool Suspended, bool Deleted)
{
    public static MoodleUser From(JsonNode n) => new(
        n["id"]!.GetValue<long>(), (string)n["username"]!, (string?)n["firstname"] ?? "", (string?)n["lastname"] ?? "",
        (string?)n["email"] ?? "", (string?)n["idnumber"] ?? "", (string?)n["department"] ?? "", (string?)n["institution"] ?? "",
        (string?)n["city"] ?? "", (string?)n["country"] ?? "", n["suspended"]?.GetValue<bool>() ?? false, n["deleted"]?.GetValue<bool>() ?? false);
}
