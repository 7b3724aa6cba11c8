using SdSeg.Imaging.Decoding;
using SdSeg.Imaging.Masks;
using SdSeg.Imaging.Rendering;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SdSeg.Workbench.Compare;

/// <summary>Renders transparent RGBA PNG layers for the side-by-side view: a run's mask, its difference from ground truth, two runs' disagreement.</summary>
public sealed class CompareLayerRenderer
{
    private readonly ImageDecoder _decoder = new();

    /// <summary>The mask at <paramref name="maskPath"/> in <paramref name="colour"/>, transparent elsewhere.</summary>
    public void WriteMaskLayer(string maskPath, Rgb24 colour, Stream destination)
    {
        var mask = Load(maskPath);
        var source = mask.Pixels;
        var painted = new Rgba32(colour.R, colour.G, colour.B, byte.MaxValue);
        var pixels = new Rgba32[source.Length];
        for (var i = 0; i < pixels.Length; i++)
            pixels[i] = source[i] ? painted : default;
        using var layer = Image.LoadPixelData<Rgba32>(pixels, mask.Width, mask.Height);
        layer.SaveAsPng(destination);
    }

    /// <summary>Prediction against ground truth: true positives green, false positives red, false negatives blue (<see cref="MaskPairColours.Difference"/>).</summary>
    public void WriteDifference(string predictionPath, string groundTruthPath, Stream destination)
    {
        var (prediction, truth) = LoadPair(predictionPath, groundTruthPath, "the prediction", "its ground truth");
        using var map = DifferenceMapRenderer.Render(prediction, truth);
        map.SaveAsPng(destination);
    }

    /// <summary>Run A against run B: both white, only A orange, only B cyan (<see cref="MaskPairColours.Disagreement"/>).</summary>
    public void WriteDisagreement(string firstPath, string secondPath, Stream destination)
    {
        var (first, second) = LoadPair(firstPath, secondPath, "run A's mask", "run B's mask");
        using var map = DisagreementMapRenderer.Render(first, second);
        map.SaveAsPng(destination);
    }

    private BinaryMask Load(string path)
    {
        using var decoded = _decoder.Decode(path);
        return MaskBinarizer.Binarize(decoded).Mask;
    }

    private (BinaryMask First, BinaryMask Second) LoadPair(string firstPath, string secondPath, string firstName, string secondName)
    {
        var first = Load(firstPath);
        var second = Load(secondPath);
        if (first.Width != second.Width || first.Height != second.Height)
            throw new CompareRequestException(
                $"{char.ToUpperInvariant(firstName[0])}{firstName[1..]} is {first.Width}x{first.Height} but {secondName} is {second.Width}x{second.Height}; they cannot be compared pixel by pixel.");
        return (first, second);
    }
}
