using Pipeline.Consumer.Handling;
using Pipeline.Contracts;

namespace Pipeline.Consumer.Tests.Stages;

/// <summary>Decode and park: a message that can never be read is parked with the reason and settled; the rest go on.</summary>
public sealed class DecodeStageTests : IDisposable
{
    private readonly HandlerBed _bed = new();

    [Fact]
    public async Task A_well_formed_message_is_decoded_and_left_unsettled_for_the_next_stages()
    {
        var change = Snapshots.Changed("r-1", Snapshots.Active("11"));
        var message = Snapshots.Message(change);
        var batch = new ConsumerBatch([message]);

        var decoded = Assert.Single(await _bed.Decode.DecodeAsync(batch, CancellationToken.None));

        Assert.Equal(change, decoded.Change);
        Assert.Equal([message], decoded.Messages);
        Assert.False(batch.IsSettled(message));
        Assert.Empty(_bed.DeadLetters.Parked);
    }

    [Theory]
    [InlineData("{not json", "11", "invalid_json")]
    [InlineData("""{"schema":"pipeline.employee-changed","version":9}""", "11", "unknown_version")]
    [InlineData(null, "12", "attribute_mismatch")]
    public async Task A_message_that_cannot_be_read_is_parked_with_its_code_and_recorded_for_its_run(string? body, string employeeAttribute, string code)
    {
        var message = Snapshots.Raw(body ?? EmployeeChangedCodec.Encode(Snapshots.Changed("r-1", Snapshots.Active("11"))),
            new Dictionary<string, string> { [MessageAttributes.RunId] = "r-1", [MessageAttributes.EmployeeId] = employeeAttribute });
        var batch = new ConsumerBatch([message]);

        Assert.Empty(await _bed.Decode.DecodeAsync(batch, CancellationToken.None));

        Assert.Equal(code, batch.ResultOf(message.MessageId)?.DeadLetterCode);
        var parked = Assert.Single(_bed.DeadLetters.Parked);
        Assert.Equal((code, employeeAttribute, message.Body), (parked.Code, parked.EmployeeId, parked.Body));
        Assert.Equal(Outcome.DeadLettered, _bed.Outcomes["r-1", employeeAttribute]?.Outcome);
    }

    [Fact]
    public async Task A_main_queue_message_dressed_as_a_dead_letter_is_parked_as_forged()
    {
        var change = Snapshots.Changed("r-1", Snapshots.Active("11"));
        var message = Snapshots.Raw(EmployeeChangedCodec.Encode(change), new Dictionary<string, string>
        {
            [MessageAttributes.RunId] = "r-1",
            [MessageAttributes.EmployeeId] = "11",
            [MessageAttributes.FailureCode] = "invalid_json",
        });
        var batch = new ConsumerBatch([message]);

        Assert.Empty(await _bed.Decode.DecodeAsync(batch, CancellationToken.None));

        Assert.Equal("forged_attributes", Assert.Single(_bed.DeadLetters.Parked).Code);
        Assert.True(batch.IsDone(message));
    }

    [Fact]
    public async Task A_message_without_attributes_is_parked_but_no_outcome_can_be_recorded()
    {
        var message = Snapshots.Raw("{not json", new Dictionary<string, string>());
        var batch = new ConsumerBatch([message]);

        await _bed.Decode.DecodeAsync(batch, CancellationToken.None);

        Assert.True(batch.IsDone(message));
        Assert.Null(Assert.Single(_bed.DeadLetters.Parked).EmployeeId);
    }

    public void Dispose() => _bed.Dispose();
}
