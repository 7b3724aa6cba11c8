namespace SdSeg.Model.Training;

/// <summary>
/// The official learning-rate factor (<c>ldm/lr_scheduler.py::LambdaLinearScheduler</c>, one cycle): linear warm-up from
/// <c>f_start</c> to <c>f_max</c> over <c>warm_up_steps</c>, then a linear move from <c>f_max</c> towards <c>f_min</c> over
/// the cycle length. The SDSeg configs use f_max = f_min = 1, so after warm-up the factor stays 1.
/// </summary>
public sealed record LambdaLinearSchedule(int WarmUpSteps, double FStart, double FMax, double FMin, double CycleLength = 1e13)
{
    /// <summary>The factor that multiplies the base learning rate at optimisation step <paramref name="step"/> (0-based).</summary>
    public double Factor(long step)
    {
        if (step < WarmUpSteps)
            return (FMax - FStart) / WarmUpSteps * step + FStart;
        return FMin + (FMax - FMin) * (CycleLength - step) / CycleLength;
    }
}
