namespace Pipeline.State;

/// <summary>The life of one producer run, as stored in <c>RUN#&lt;id&gt;/META.status</c>.</summary>
public static class RunStatus
{
    /// <summary>Claimed; the producer is reading BambooHR and publishing messages.</summary>
    public const string Publishing = "publishing";

    /// <summary>Everything is published; consumers are still working through the queue.</summary>
    public const string Draining = "draining";

    /// <summary>Finalized: the watermark moved to the run's latest change.</summary>
    public const string Completed = "completed";

    /// <summary>Abandoned (by the producer on an early failure, an operator, or a forced rewind); the watermark did not move.</summary>
    public const string Failed = "failed";

    /// <summary>
    /// Held by the mass-suspension safeguard before anything was published: the run stays pending (the watermark does
    /// not move) until `pipeline approve` or a later sync that finds it within the limits lets it go on.
    /// </summary>
    public const string Held = "held";
}
