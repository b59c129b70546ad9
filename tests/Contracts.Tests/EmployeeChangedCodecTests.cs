using System.Text.Json.Nodes;
using Pipeline.Contracts;

namespace Pipeline.Contracts.Tests;

public sealed class EmployeeChangedCodecTests
{
    private static readonly DateTimeOffset Changed = new(2026, 11, 20, 10, 0, 0, TimeSpan.FromHours(1));

    private static EmployeeSnapshot Snapshot(string id = "42") => new()
    {
        Id = id,
        EmployeeNumber = "E42",
        FirstName = "Zoë",
        LastName = "Ødegaard",
        WorkEmail = "zoe@example.com",
        Status = "Active",
        HireDate = "2024-01-02",
        TerminationDate = "0000-00-00",
        Department = "R&D",
        Country = "Norway",
    };

    private static EmployeeChanged Message(EmployeeAction action = EmployeeAction.Updated) =>
        EmployeeChanged.Create("r-1", "42", action, Changed, action == EmployeeAction.Deleted ? null : Snapshot(), Changed.AddMinutes(5));

    [Fact]
    public void A_message_survives_a_round_trip_unchanged()
    {
        var original = Message();
        var decoded = EmployeeChangedCodec.Decode(EmployeeChangedCodec.Encode(original));
        Assert.Equal(original, decoded);
        Assert.Equal(original.Snapshot, decoded.Snapshot);
        Assert.Equal("pipeline.employee-changed", decoded.Schema);
        Assert.Equal(1, decoded.Version);
    }

    [Fact]
    public void A_full_run_message_round_trips_its_flag_and_a_nightly_one_leaves_it_out()
    {
        var full = Message() with { Full = true };
        var body = EmployeeChangedCodec.Encode(full);
        Assert.True(JsonNode.Parse(body)!["full"]!.GetValue<bool>());
        Assert.Equal(full, EmployeeChangedCodec.Decode(body));

        // Omitted when false: a nightly message is what it was before the flag existed, and still version 1.
        var nightly = JsonNode.Parse(EmployeeChangedCodec.Encode(Message()))!.AsObject();
        Assert.False(nightly.ContainsKey("full"));
        Assert.Equal(1, nightly["version"]!.GetValue<int>());
    }

    [Fact]
    public void A_message_written_before_the_full_flag_existed_decodes_as_not_full()
    {
        // The shape every producer wrote before: no "full" member at all; and one that spells out false.
        var old = JsonNode.Parse(EmployeeChangedCodec.Encode(Message()))!.AsObject();
        Assert.False(old.ContainsKey("full"));
        Assert.False(EmployeeChangedCodec.Decode(old.ToJsonString()).Full);
        old["full"] = false;
        Assert.Equal(Message(), EmployeeChangedCodec.Decode(old.ToJsonString()));
    }

    [Fact]
    public void A_deleted_message_carries_no_snapshot_and_no_hash()
    {
        var message = Message(EmployeeAction.Deleted);
        Assert.Null(message.Snapshot);
        Assert.Null(message.ContentHash);
        Assert.Equal(EmployeeAction.Deleted, EmployeeChangedCodec.Decode(EmployeeChangedCodec.Encode(message)).Action);
    }

    [Fact]
    public void The_hash_depends_on_every_field_and_nothing_else()
    {
        Assert.Equal(SnapshotHash.Compute(Snapshot()), SnapshotHash.Compute(Snapshot()));
        Assert.NotEqual(SnapshotHash.Compute(Snapshot()), SnapshotHash.Compute(Snapshot() with { Department = "Sales" }));
        Assert.NotEqual(SnapshotHash.Compute(Snapshot()), SnapshotHash.Compute(Snapshot() with { Location = "" }));
    }

    [Theory]
    [InlineData("not json", "invalid_json")]
    [InlineData("[1,2]", "invalid_json")]
    [InlineData("{\"schema\":\"something.else\",\"version\":1}", "unknown_schema")]
    [InlineData("{\"schema\":\"pipeline.employee-changed\",\"version\":2}", "unknown_version")]
    [InlineData("{\"schema\":\"pipeline.employee-changed\",\"version\":\"1\"}", "unknown_version")]
    [InlineData("{\"schema\":\"pipeline.employee-changed\",\"version\":1}", "invalid_message")]
    public void Invalid_bodies_are_refused_with_a_reason_code(string body, string code)
    {
        var ex = Assert.Throws<InvalidMessageException>(() => EmployeeChangedCodec.Decode(body));
        Assert.Equal(code, ex.Code);
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
    }

    [Theory]
    [InlineData("runId")]
    [InlineData("employeeId")]
    [InlineData("action")]
    [InlineData("lastChanged")]
    [InlineData("publishedAt")]
    public void A_missing_required_field_is_invalid(string field)
    {
        var node = JsonNode.Parse(EmployeeChangedCodec.Encode(Message()))!.AsObject();
        node.Remove(field);
        var ex = Assert.Throws<InvalidMessageException>(() => EmployeeChangedCodec.Decode(node.ToJsonString()));
        Assert.Equal("invalid_message", ex.Code);
    }

    [Theory]
    [InlineData("employeeId", "42")]
    [InlineData("action", "\"Promoted\"")]
    [InlineData("lastChanged", "\"yesterday\"")]
    [InlineData("snapshot", "\"a string\"")]
    public void A_field_of_the_wrong_type_or_value_is_invalid(string field, string json)
    {
        var node = JsonNode.Parse(EmployeeChangedCodec.Encode(Message()))!.AsObject();
        node[field] = JsonNode.Parse(json);
        Assert.Throws<InvalidMessageException>(() => EmployeeChangedCodec.Decode(node.ToJsonString()));
    }

    [Fact]
    public void An_unknown_field_is_refused_rather_than_silently_dropped()
    {
        var node = JsonNode.Parse(EmployeeChangedCodec.Encode(Message()))!.AsObject();
        node["salary"] = "100";
        Assert.Equal("invalid_message", Assert.Throws<InvalidMessageException>(() => EmployeeChangedCodec.Decode(node.ToJsonString())).Code);
    }

    [Fact]
    public void A_snapshot_that_does_not_match_its_hash_is_refused()
    {
        var node = JsonNode.Parse(EmployeeChangedCodec.Encode(Message()))!.AsObject();
        node["snapshot"]!["department"] = "Tampered";
        Assert.Equal("hash_mismatch", Assert.Throws<InvalidMessageException>(() => EmployeeChangedCodec.Decode(node.ToJsonString())).Code);
    }

    [Fact]
    public void An_update_without_a_snapshot_is_refused()
    {
        var node = JsonNode.Parse(EmployeeChangedCodec.Encode(Message()))!.AsObject();
        node["snapshot"] = null;
        Assert.Throws<InvalidMessageException>(() => EmployeeChangedCodec.Decode(node.ToJsonString()));
    }

    [Fact]
    public void A_snapshot_of_another_employee_is_refused()
    {
        var message = Message() with { Snapshot = Snapshot("43"), ContentHash = SnapshotHash.Compute(Snapshot("43")) };
        Assert.Throws<InvalidMessageException>(() => EmployeeChangedCodec.Decode(EmployeeChangedCodec.Encode(message)));
    }

    [Fact]
    public void The_size_guard_refuses_to_encode_a_message_over_64_KiB_and_accepts_one_just_under()
    {
        var big = Message() with { Snapshot = Snapshot() with { JobTitle = new string('x', 70_000) } };
        big = big with { ContentHash = SnapshotHash.Compute(big.Snapshot!) };
        Assert.Equal("message_too_large", Assert.Throws<InvalidMessageException>(() => EmployeeChangedCodec.Encode(big)).Code);

        var fits = Message() with { Snapshot = Snapshot() with { JobTitle = new string('x', 60_000) } };
        fits = fits with { ContentHash = SnapshotHash.Compute(fits.Snapshot!) };
        Assert.Equal(fits.Snapshot, EmployeeChangedCodec.Decode(EmployeeChangedCodec.Encode(fits)).Snapshot);
    }

    [Fact]
    public void The_size_guard_refuses_to_decode_an_oversized_body()
    {
        var body = "{\"schema\":\"" + new string('a', EmployeeChangedCodec.MaxBodyBytes) + "\"}";
        Assert.Equal("message_too_large", Assert.Throws<InvalidMessageException>(() => EmployeeChangedCodec.Decode(body)).Code);
    }

    [Fact]
    public void The_run_summary_uses_the_runbook_field_names()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(new RunSummary { RunId = "r-1", Status = "completed" }, ContractsJsonContext.Default.RunSummary);
        foreach (var field in new[] { "event", "run_id", "status", "since", "next_since", "total_changed", "published", "created", "updated",
                     "suspended", "reactivated", "unchanged", "stale", "dead_lettered", "warnings", "errors", "duration_ms" })
        {
            Assert.Contains($"\"{field}\":", json, StringComparison.Ordinal);
        }

        Assert.StartsWith("{\"event\":\"sync.summary\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("reason", json, StringComparison.Ordinal);
    }
}
