using System.Runtime.InteropServices;

namespace SdSeg.Cli;

/// <summary>
/// SIGTERM and SIGINT turned into a cancellation token, registered first thing in <c>Main</c>. System.CommandLine's own
/// handling is off (<c>ProcessTerminationTimeout = null</c>): it would end the process with 143 two seconds after the signal,
/// before a slow checkpoint is written. Every signal is handled, not only the first, and a launcher can pass each one on.
/// </summary>
public sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration[] _registrations;
    private readonly Lock _gate = new();
    private Action<PosixSignal>? _forward;
    private PosixSignal? _received;

    private StopSignals()
    {
        _registrations = OperatingSystem.IsWindows()
            ? [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal)]
            : [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)];
    }

    /// <summary>Starts handling the signals.</summary>
    public static StopSignals Register() => new();

    /// <summary>Cancelled at the first signal.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>
    /// Calls <paramref name="forward"/> for every later signal, and at once for one that came before (a relaunching
    /// process passes SIGTERM on to its child this way, however early it arrived).
    /// </summary>
    public void ForwardTo(Action<PosixSignal> forward)
    {
        PosixSignal? early;
        lock (_gate)
        {
            _forward = forward;
            early = _received;
        }
        if (early is { } signal)
            forward(signal);
    }

    private void OnSignal(PosixSignalContext context)
    {
        // The default action would end the process at once, without the checkpoint.
        context.Cancel = true;
        Action<PosixSignal>? forward;
        lock (_gate)
        {
            _received ??= context.Signal;
            forward = _forward;
        }
        _stop.Cancel();
        forward?.Invoke(context.Signal);
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
            registration.Dispose();
        _stop.Dispose();
    }
}
