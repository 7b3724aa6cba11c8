using SdSeg.Model.Training;

namespace SdSeg.Model.Tests.Training;

public class LambdaLinearScheduleTests
{
    [Fact]
    public void Warms_up_linearly_then_holds_like_the_official_scheduler()
    {
        var schedule = new LambdaLinearSchedule(WarmUpSteps: 10000, FStart: 1e-6, FMax: 1.0, FMin: 1.0);
        Assert.Equal(1e-6, schedule.Factor(0), 1e-12);
        Assert.Equal((1.0 - 1e-6) / 10000 * 5000 + 1e-6, schedule.Factor(5000), 1e-12);
        Assert.Equal(1.0, schedule.Factor(10000), 1e-12);
        Assert.Equal(1.0, schedule.Factor(1_000_000), 1e-12);
    }

    [Fact]
    public void Decays_towards_f_min_over_the_cycle_when_it_differs()
    {
        var schedule = new LambdaLinearSchedule(WarmUpSteps: 10, FStart: 0, FMax: 1.0, FMin: 0.0, CycleLength: 110);
        Assert.Equal(0.5, schedule.Factor(5), 1e-12);
        Assert.Equal(1.0 - 10.0 / 110, schedule.Factor(10), 1e-12);
    }
}
