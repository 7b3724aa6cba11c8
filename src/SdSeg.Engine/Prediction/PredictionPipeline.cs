using SdSeg.Imaging.Decoding;
using SdSeg.Imaging.Masks;
using SdSeg.Imaging.Rendering;
using SdSeg.Imaging.Resizing;
using SdSeg.Model;
using static TorchSharp.torch;

namespace SdSeg.Engine.Prediction;

/// <summary>
/// Predicts masks for image files: decodes each (with the decoder's limits), resizes it to the model's size and scales
/// it to [−1, 1] (an image already at that size is not resampled), segments it with the noise shared by the whole
/// call, and writes <c>&lt;stem&gt;.png</c> (0/255) at the input's own size, plus the soft map when asked.
/// </summary>
public sealed class PredictionPipeline(ISegmenter segmenter, ImageDecoder decoder)
{
    readonly int _modelSize = segmenter.PixelSize;

    /// <summary>Predicts every input into <paramref name="outputFolder"/>, reporting each finished image.</summary>
    public IReadOnlyList<PredictedImage> Run(IReadOnlyList<string> inputs, string outputFolder, PredictionOptions options,
        Action<PredictedImage>? onImage = null, CancellationToken cancellation = default)
    {
        Directory.CreateDirectory(outputFolder);
        var results = new List<PredictedImage>(inputs.Count);
        foreach (var input in inputs)
        {
            cancellation.ThrowIfCancellationRequested();
            var result = PredictOne(input, outputFolder, options);
            results.Add(result);
            onImage?.Invoke(result);
        }
        return results;
    }

    PredictedImage PredictOne(string input, string outputFolder, PredictionOptions options)
    {
        using var image = decoder.Decode(input);
        var modelInput = ModelInputResizer.ToModelInput(image, _modelSize, _modelSize);
        using var scope = NewDisposeScope();
        var batch = tensor(modelInput.Chw, [1, ModelInput.Channels, _modelSize, _modelSize]);
        using var output = segmenter.Segment(batch);

        var soft = ToSoftMap(output.Soft);
        if (modelInput.WasResampled)
            soft = MaskResizer.ResizeBilinear(soft, image.Width, image.Height);
        var mask = modelInput.WasResampled ? soft.Threshold(0.5f) : ToMask(output.Mask);

        string stem = Path.GetFileNameWithoutExtension(input);
        string maskFile = Path.Combine(outputFolder, stem + ".png");
        MaskPngEncoder.SaveBinaryMask(mask, maskFile);
        if (options.SaveProbabilities)
        {
            MaskPngEncoder.SaveSoftMap(soft, Path.Combine(outputFolder, stem + ".prob.png"));
            if (output.StandardDeviation is { } std)
            {
                var stdMap = ToSoftMap(std);
                if (modelInput.WasResampled) stdMap = MaskResizer.ResizeBilinear(stdMap, image.Width, image.Height);
                MaskPngEncoder.SaveSoftMap(stdMap, Path.Combine(outputFolder, stem + ".std.png"));
            }
        }
        double fraction = (double)mask.CountForeground() / ((long)mask.Width * mask.Height);
        return new PredictedImage(input, maskFile, mask.Width, mask.Height, fraction, modelInput.WasResampled);
    }

    static SoftMap ToSoftMap(Tensor map) =>
        new((int)map.shape[^1], (int)map.shape[^2], map.reshape(-1).to(float32).cpu().data<float>().ToArray());

    static BinaryMask ToMask(Tensor mask) =>
        new((int)mask.shape[^1], (int)mask.shape[^2], mask.reshape(-1).cpu().data<bool>().ToArray());
}
