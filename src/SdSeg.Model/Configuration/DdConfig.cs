namespace SdSeg.Model.Configuration;

/// <summary>The official <c>ddconfig</c> of an autoencoder Encoder/Decoder (<c>ldm/modules/diffusionmodules/model.py</c>).</summary>
public sealed record DdConfig
{
    public bool DoubleZ { get; init; } = true;
    public int ZChannels { get; init; } = 4;
    public int Resolution { get; init; } = 256;
    public int InChannels { get; init; } = 3;
    public int OutCh { get; init; } = 3;
    public int Ch { get; init; } = 128;
    public IReadOnlyList<int> ChMult { get; init; } = [1, 2, 4, 4];
    public int NumResBlocks { get; init; } = 2;
    public IReadOnlyList<int> AttnResolutions { get; init; } = [];
    public double Dropout { get; init; }
}
