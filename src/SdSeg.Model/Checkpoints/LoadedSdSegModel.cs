using SdSeg.Model.Networks;
using SdSeg.Model.Training;

namespace SdSeg.Model.Checkpoints;

/// <summary>A model read from a weights file, its EMA weights when the file had them, and what the load did.</summary>
public sealed record LoadedSdSegModel(SdSegModel Model, EmaWeights? Ema, LoadReport Report) : IDisposable
{
    /// <summary>
    /// Prepares the model for inference as the official code does (<c>ema_scope</c>): the EMA weights replace the
    /// UNet's when present; the condition encoder and first stage keep their own.
    /// </summary>
    public SdSegModel ForInference()
    {
        Ema?.CopyTo(Model.Model);
        Model.eval();
        return Model;
    }

    public void Dispose()
    {
        Ema?.Dispose();
        Model.Dispose();
    }
}
