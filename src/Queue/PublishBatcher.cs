namespace Pipeline.Queue;

/// <summary>
/// Hands out consecutive slices of the input to parallel senders, at most 10 messages and at most
/// <see cref="MaxBatchBytes"/> per slice, without copying the input.
/// </summary>
internal sealed class PublishBatcher(IReadOnlyList<OutgoingMessage> messages)
{
    public const int MaxEntries = 10;

    // SQS's batch payload limit has been 256 KiB for most of its life (1 MiB since 2025 in AWS, not on every emulator).
    public const int MaxBatchBytes = 256 * 1024;

    private readonly Lock _gate = new();
    private int _next;

    /// <summary>Fills <paramref name="indices"/> with the next slice; false once the input is used up.</summary>
    public bool TryTake(List<int> indices)
    {
        indices.Clear();
        lock (_gate)
        {
            var bytes = 0;
            while (_next < messages.Count && indices.Count < MaxEntries)
            {
                var message = messages[_next];
                var size = SqsAttributes.MaxByteSize(message);
                if (bytes + size > MaxBatchBytes)
                {
                    size = SqsAttributes.ExactByteSize(message); // the cheap bound is pessimistic; count only when it matters
                    if (indices.Count > 0 && bytes + size > MaxBatchBytes)
                    {
                        break;
                    }
                }

                bytes += size;
                indices.Add(_next++);
            }
        }

        return indices.Count > 0;
    }
}
