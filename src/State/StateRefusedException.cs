namespace Pipeline.State;

/// <summary>
/// The state table refused a change for a reason an operator can act on (a run changed under us, a run that is not the
/// pending one, a table being deleted); the message says what to do. Derives from InvalidOperationException, which these
/// refusals were before, so existing callers see no difference.
/// </summary>
public sealed class StateRefusedException : InvalidOperationException
{
    public StateRefusedException() { }

    public StateRefusedException(string message) : base(message) { }

    public StateRefusedException(string message, Exception innerException) : base(message, innerException) { }
}
