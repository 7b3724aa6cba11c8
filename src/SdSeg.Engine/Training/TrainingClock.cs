using System.Diagnostics;

namespace SdSeg.Engine.Training;

/// <summary>
/// Where a training run's wall time goes, one phase at a time: setup, first stage, training steps, validation (with its
/// checkpoints). Exactly one phase runs at any moment, so the four add up to the wall time; a resume starts from the
/// times a checkpoint recorded. Budgets and the result read it, so nothing is counted twice.
/// </summary>
public sealed class TrainingClock
{
    readonly Stopwatch _running = new();
    double _setup, _firstStage, _training, _validation;

    /// <summary>The phases of <see cref="TrainingClock"/>.</summary>
    public enum Phase { Setup, FirstStage, Training, Validation }

    /// <summary>Continues from the times of <paramref name="state"/> (zero for a new run), in the setup phase.</summary>
    public TrainingClock(TrainingRunState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        (_setup, _firstStage, _training, _validation) = (state.SetupSeconds, state.FirstStageSeconds, state.DenoiserSeconds, state.ValidationSeconds);
        Current = Phase.Setup;
        _running.Start();
    }

    public Phase Current { get; private set; }

    /// <summary>Closes the running phase and starts <paramref name="phase"/>; returns the phase that was running.</summary>
    public Phase Enter(Phase phase)
    {
        var previous = Current;
        double seconds = _running.Elapsed.TotalSeconds;
        switch (Current)
        {
            case Phase.Setup: _setup += seconds; break;
            case Phase.FirstStage: _firstStage += seconds; break;
            case Phase.Training: _training += seconds; break;
            case Phase.Validation: _validation += seconds; break;
        }
        Current = phase;
        _running.Restart();
        return previous;
    }

    /// <summary>Seconds spent in <paramref name="phase"/> so far, the running stretch included.</summary>
    public double Seconds(Phase phase)
    {
        double running = Current == phase ? _running.Elapsed.TotalSeconds : 0;
        return running + phase switch
        {
            Phase.Setup => _setup,
            Phase.FirstStage => _firstStage,
            Phase.Training => _training,
            _ => _validation,
        };
    }

    /// <summary>The wall time of the run so far: the sum of the phases.</summary>
    public double Total => Seconds(Phase.Setup) + Seconds(Phase.FirstStage) + Seconds(Phase.Training) + Seconds(Phase.Validation);

    /// <summary><paramref name="state"/> with this clock's times, for a checkpoint.</summary>
    public TrainingRunState Stamp(TrainingRunState state) => state with
    {
        SetupSeconds = Seconds(Phase.Setup),
        FirstStageSeconds = Seconds(Phase.FirstStage),
        DenoiserSeconds = Seconds(Phase.Training),
        ValidationSeconds = Seconds(Phase.Validation),
    };
}
