using SdSeg.Engine.Training;

namespace SdSeg.Engine.Tests.Training;

public class TrainingClockTests
{
    [Fact]
    public void The_phases_add_up_to_the_total_and_continue_from_a_checkpoint()
    {
        var clock = new TrainingClock(new TrainingRunState { SetupSeconds = 1, FirstStageSeconds = 2, DenoiserSeconds = 3, ValidationSeconds = 4 });
        Thread.Sleep(30);
        clock.Enter(TrainingClock.Phase.Training);
        Thread.Sleep(30);
        var previous = clock.Enter(TrainingClock.Phase.Validation);
        Thread.Sleep(30);
        clock.Enter(previous);

        double setup = clock.Seconds(TrainingClock.Phase.Setup), training = clock.Seconds(TrainingClock.Phase.Training);
        double validation = clock.Seconds(TrainingClock.Phase.Validation), firstStage = clock.Seconds(TrainingClock.Phase.FirstStage);
        Assert.Equal(TrainingClock.Phase.Training, previous);
        Assert.True(setup >= 1.02 && training >= 3.02 && validation >= 4.02, $"{setup} {training} {validation}");
        Assert.Equal(2, firstStage, 1e-9);
        var state = clock.Stamp(new TrainingRunState());
        Assert.Equal(state.ElapsedSeconds, clock.Total, 0.05);
        Assert.Equal(state.SetupSeconds + state.FirstStageSeconds + state.DenoiserSeconds + state.ValidationSeconds, state.ElapsedSeconds, 1e-9);
    }
}
