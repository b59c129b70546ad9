namespace Pipeline.Queue;

/// <summary>Every input message is either counted in <see cref="Published"/> or listed in <see cref="Failures"/>.</summary>
public sealed record PublishResult(int Published, IReadOnlyList<PublishFailure> Failures);

/// <summary>A message that was not published after all attempts; <see cref="Code"/> is the SQS error code.</summary>
public sealed record PublishFailure(string Id, string Code, string Message);
