namespace Pipeline.Queue;

/// <summary>
/// Every input message is either counted in <see cref="Published"/> or listed in <see cref="Failures"/>.
/// <see cref="PossibleDuplicates"/> counts messages sent again after an attempt SQS may have carried out although the
/// publisher could not tell (the connection dropped, the call timed out, SQS answered 5xx, or its answer could not be
/// read or failed its MD5 check). The queue may hold up to that many extra copies; consumers are idempotent, so
/// a copy costs a Moodle lookup, never a second write.
/// </summary>
public sealed record PublishResult(int Published, IReadOnlyList<PublishFailure> Failures, int PossibleDuplicates = 0);

/// <summary>A message that was not published after all attempts; <see cref="Code"/> is the SQS error code.</summary>
public sealed record PublishFailure(string Id, string Code, string Message);
