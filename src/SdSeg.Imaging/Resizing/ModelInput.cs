namespace SdSeg.Imaging.Resizing;

/// <summary>An image ready for a model: 3 channels, CHW order, values in [-1, 1].</summary>
/// <param name="Chw">Length 3*Height*Width; index c*H*W + y*W + x.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="WasResampled">False when the source already had the requested size and was used as is.</param>
public sealed record ModelInput(float[] Chw, int Width, int Height, bool WasResampled)
{
    public const int Channels = 3;
}
