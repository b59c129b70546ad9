using System.Runtime.InteropServices;

namespace Pipeline.Producer.Cli;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM for the whole CLI: the first one cancels <see cref="Token"/> (the command stops where
/// it is and says what state it leaves); the process does not end by itself, so the command can say so. The exit
/// code is the shell's convention, 128 + the signal's number.
/// </summary>
internal sealed class Interruption : IDisposable
{
    private const int SigInt = 2;
    private const int SigTerm = 15;

    private readonly CancellationTokenSource _cts = new();
    private readonly TaskCompletionSource _signalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly PosixSignalRegistration[] _registrations;
    private int _signal;

    public Interruption()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, context => OnSignal(context, SigInt)),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => OnSignal(context, SigTerm)),
        ];
    }

    public CancellationToken Token => _cts.Token;

    /// <summary>130 after Ctrl-C, 143 after SIGTERM; 130 if asked before any signal came.</summary>
    public int ExitCode => 128 + (Volatile.Read(ref _signal) is var s and > 0 ? s : SigInt);

    /// <summary>Completes <paramref name="grace"/> after the first signal: the command had that long to stop by itself.</summary>
    public async Task GraceElapsedAsync(TimeSpan grace)
    {
        await _signalled.Task.ConfigureAwait(false);
        await Task.Delay(grace).ConfigureAwait(false);
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _cts.Dispose();
    }

    private void OnSignal(PosixSignalContext context, int signal)
    {
        // Handled here: the default would end the process before the command could say what state it leaves.
        context.Cancel = true;
        if (Interlocked.CompareExchange(ref _signal, signal, 0) == 0)
        {
            _cts.Cancel();
            _signalled.TrySetResult();
        }
    }
}
