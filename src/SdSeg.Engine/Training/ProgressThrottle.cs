using System.Diagnostics;

namespace SdSeg.Engine.Training;

/// <summary>Decides which steps get a progress event: every step of a short run, else at most two a second.</summary>
public sealed class ProgressThrottle(long everyStepUpTo = 200, double minimumSeconds = 0.5)
{
    readonly Stopwatch _sinceLast = Stopwatch.StartNew();
    bool _first = true;

    public bool ShouldEmit(long? totalSteps, bool force = false)
    {
        bool emit = force || _first || totalSteps is { } total && total <= everyStepUpTo || _sinceLast.Elapsed.TotalSeconds >= minimumSeconds;
        if (emit)
        {
            _first = false;
            _sinceLast.Restart();
        }
        return emit;
    }
}
