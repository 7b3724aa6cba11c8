using System.Runtime.ExceptionServices;
using SdSeg.Imaging.Decoding;
using SdSeg.Imaging.Masks;
using SdSeg.Imaging.Metrics;
using SdSeg.Imaging.Resizing;

namespace SdSeg.Engine.Evaluation;

/// <summary>Scores a folder of predicted masks against a folder of ground-truth masks, image by image, in parallel, in stem order.</summary>
public sealed class EvaluationPipeline(ImageDecoder decoder)
{
    /// <summary>Pairs the two folders by stem, then scores every pair as <see cref="Run(MaskPairing, EvaluationOptions, Action{ImageEvaluation}?, CancellationToken)"/>.</summary>
    /// <exception cref="UnpairedMasksException">Some files have no partner and <see cref="EvaluationOptions.AllowUnpaired"/> is off.</exception>
    public EvaluationResult Run(
        string predictionsFolder,
        string groundTruthFolder,
        EvaluationOptions options,
        Action<ImageEvaluation>? onImage = null,
        CancellationToken cancellation = default) =>
        Run(MaskPairing.Find(predictionsFolder, groundTruthFolder), options, onImage, cancellation);

    /// <summary>Decodes, binarises and scores every pair; <paramref name="onImage"/> is called once per finished image, never concurrently.</summary>
    /// <exception cref="UnpairedMasksException">Some files have no partner and <see cref="EvaluationOptions.AllowUnpaired"/> is off.</exception>
    public EvaluationResult Run(
        MaskPairing pairing,
        EvaluationOptions options,
        Action<ImageEvaluation>? onImage = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(pairing);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!pairing.IsComplete && !options.AllowUnpaired) throw new UnpairedMasksException(pairing);
        if (pairing.Pairs.Count == 0)
            throw new InvalidDataException(
                "No prediction shares a file stem with a ground-truth mask "
                + $"(predictions: {MaskPairing.ListStems(pairing.PredictionsWithoutGroundTruth)}; ground truth: {MaskPairing.ListStems(pairing.GroundTruthWithoutPrediction)}).");

        var images = new ImageEvaluation[pairing.Pairs.Count];
        var gate = new Lock();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, CancellationToken = cancellation };
        try
        {
            Parallel.For(0, images.Length, parallel, i =>
            {
                images[i] = Evaluate(pairing.Pairs[i], options);
                if (onImage is null) return;
                lock (gate) onImage(images[i]);
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }

        return new EvaluationResult(images, EvaluationSummary.Of(images, options, pairing), pairing);
    }

    /// <summary>Scores one pair: at the chosen size, or at the ground truth's size with the prediction resized (nearest) when it differs.</summary>
    public ImageEvaluation Evaluate(MaskPair pair, EvaluationOptions options)
    {
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentNullException.ThrowIfNull(options);
        var prediction = Load(pair.PredictionFile, pair.Stem, options.Binarization);
        var groundTruth = Load(pair.GroundTruthFile, pair.Stem, options.Binarization);
        var (width, height) = options.Size is { } size ? (size, size) : (groundTruth.Width, groundTruth.Height);
        var p = MaskResizer.ResizeNearest(prediction, width, height);
        var g = MaskResizer.ResizeNearest(groundTruth, width, height);

        var scores = SegmentationMetrics.Compute(p, g);
        var (dice, iou) = options.Mode == EvaluationMode.Official
            ? (OfficialMetrics.Dice(p, g), OfficialMetrics.IoU(p, g))
            : (scores.Dice, scores.IoU);
        return new ImageEvaluation(
            pair.Stem,
            dice,
            iou,
            scores.Hd95,
            scores.Hausdorff,
            scores.Precision,
            scores.Recall,
            GroundTruthEmpty: scores.TruePositives + scores.FalseNegatives == 0,
            PredictionEmpty: scores.TruePositives + scores.FalsePositives == 0,
            width,
            height,
            prediction.Width,
            prediction.Height,
            groundTruth.Width,
            groundTruth.Height);
    }

    BinaryMask Load(string file, string stem, MaskBinarizationOptions binarization)
    {
        try
        {
            using var image = decoder.Decode(file);
            return MaskBinarizer.Binarize(image, binarization).Mask;
        }
        catch (ImageRejectedException e)
        {
            throw new InvalidDataException($"Cannot evaluate '{stem}': {e.Message}", e);
        }
    }
}
