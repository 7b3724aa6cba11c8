using SixLabors.ImageSharp.PixelFormats;

namespace SdSeg.Imaging.Masks;

/// <summary>How <see cref="MaskBinarizer"/> decides foreground: a channel above half its maximum, or an exact colour.</summary>
public sealed record MaskBinarizationOptions
{
    /// <summary>Any colour channel above half the maximum (8-bit &gt;127, 16-bit &gt;32767).</summary>
    public static MaskBinarizationOptions Default { get; } = new();

    /// <summary>The channel compared with half the maximum; ignored when <see cref="ExactColour"/> is set.</summary>
    public MaskChannel Channel { get; init; } = MaskChannel.AnyColour;

    /// <summary>When set, foreground is exactly this 8-bit colour (gray images: R=G=B=value; 16-bit gray: value*257).</summary>
    public Rgb24? ExactColour { get; init; }

    public static MaskBinarizationOptions ForChannel(MaskChannel channel) => new() { Channel = channel };

    public static MaskBinarizationOptions ForExactColour(byte r, byte g, byte b) => new() { ExactColour = new Rgb24(r, g, b) };
}
