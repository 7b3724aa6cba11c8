namespace SdSeg.Engine.Training;

/// <summary>Where an SDSeg run's first stage came from (<c>first_stage_source</c> in result.json).</summary>
public static class FirstStageSources
{
    /// <summary>The binary-mask autoencoder shipped with the workbench (trained on synthetic shapes).</summary>
    public const string Shipped = "shipped";

    /// <summary>Pretrained weights the run was given (kl-f8 or a file from <c>sdseg pretrain-first-stage</c>).</summary>
    public const string Imported = "imported";

    /// <summary>Trained by the run on its own training masks.</summary>
    public const string TrainedOnDataset = "trained-on-dataset";
}
