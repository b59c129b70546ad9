namespace Pipeline.Resilience;

/// <summary>What a failure means for the caller: try again later, give up on this one item, or stop.</summary>
public enum FailureKind
{
    /// <summary>May succeed if tried again later: throttling, 5xx, timeouts, dropped connections, database errors.</summary>
    Transient,

    /// <summary>This request or record was refused for what it holds; sending it again fails the same way.</summary>
    Refused,

    /// <summary>Set-up, credentials or permissions: every request would fail the same way until an operator fixes it.</summary>
    Fatal,
}
