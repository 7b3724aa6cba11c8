using SdSeg.Model.Networks;
using TorchSharp;

namespace SdSeg.Cli.Inspection;

/// <summary>Parameter counts of an SDSeg model by component (UNet, first stage, condition encoder) and in total.</summary>
public sealed record ModelSize(long UNet, long FirstStage, long ConditionEncoder)
{
    public long Total => UNet + FirstStage + ConditionEncoder;

    public static ModelSize Of(SdSegModel model) =>
        new(Count(model.Model), Count(model.FirstStageModel), Count(model.CondStageModel));

    static long Count(torch.nn.Module module) => module.parameters().Sum(p => p.NumberOfElements);
}
