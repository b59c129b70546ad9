using System.Security.Cryptography;
using System.Text.Json;
using Pipeline.Contracts;

namespace Pipeline.Contracts.Tests;

/// <summary>
/// Hash and body are written through a per-thread reused buffer; they must stay byte for byte what the serializer
/// writes on its own, or consumers of an older build would refuse every message as a hash mismatch.
/// </summary>
public sealed class ReusedBufferTests
{
    private static readonly string?[] Values =
    [
        null, "", "Ann", "O'Brien \"Jr\"", "back\\slash", "Zoë Ødegård", "日本語", "emoji 😀", "line\nbreak\ttab", "<tag>&amp;", "\u0001ctl",
        new string('x', 5000),
    ];

    [Fact]
    public async Task Hash_and_body_equal_the_serializer_s_own_output_for_awkward_values_on_many_threads()
    {
        var snapshots = Enumerable.Range(0, 400).Select(Snapshot).ToList();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            foreach (var snapshot in snapshots.Skip(t).Concat(snapshots.Take(t)))
            {
                var expectedHash = Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(snapshot, ContractsJsonContext.Default.EmployeeSnapshot)));
                Assert.Equal(expectedHash, SnapshotHash.Compute(snapshot));

                var message = EmployeeChanged.Create("run-1", snapshot.Id, EmployeeAction.Updated, DateTimeOffset.UnixEpoch, snapshot, DateTimeOffset.UnixEpoch);
                Assert.Equal(expectedHash, message.ContentHash);
                Assert.Equal(JsonSerializer.Serialize(message, ContractsJsonContext.Default.EmployeeChanged), EmployeeChangedCodec.Encode(message));
            }
        })));
    }

    [Fact]
    public void A_message_refused_as_too_large_leaves_the_next_one_encoded_correctly()
    {
        var big = Snapshot(0) with { JobTitle = new string('y', EmployeeChangedCodec.MaxBodyBytes) };
        var small = Snapshot(1);
        var tooLarge = EmployeeChanged.Create("run-1", big.Id, EmployeeAction.Updated, DateTimeOffset.UnixEpoch, big, DateTimeOffset.UnixEpoch);
        var fine = EmployeeChanged.Create("run-1", small.Id, EmployeeAction.Updated, DateTimeOffset.UnixEpoch, small, DateTimeOffset.UnixEpoch);

        Assert.Throws<InvalidMessageException>(() => EmployeeChangedCodec.Encode(tooLarge));

        Assert.Equal(JsonSerializer.Serialize(fine, ContractsJsonContext.Default.EmployeeChanged), EmployeeChangedCodec.Encode(fine));
        Assert.Equal(fine, EmployeeChangedCodec.Decode(EmployeeChangedCodec.Encode(fine)));
    }

    private static EmployeeSnapshot Snapshot(int i) => new()
    {
        Id = (1000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
        EmployeeNumber = Values[i % Values.Length],
        FirstName = Values[(i + 1) % Values.Length],
        LastName = Values[(i + 2) % Values.Length],
        PreferredName = Values[(i + 3) % Values.Length],
        WorkEmail = $"user{i}@example.com",
        Status = i % 2 == 0 ? "Active" : "Inactive",
        HireDate = "2020-01-01",
        TerminationDate = "0000-00-00",
        Department = Values[(i + 5) % Values.Length],
        Division = Values[(i + 7) % Values.Length],
        JobTitle = Values[(i + 11) % Values.Length],
        Location = Values[i * 3 % Values.Length],
        Country = "United Kingdom",
    };
}
