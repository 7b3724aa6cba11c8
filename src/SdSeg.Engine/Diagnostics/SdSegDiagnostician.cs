using SdSeg.Engine.Training;
using SdSeg.Imaging.Masks;
using SdSeg.Imaging.Metrics;
using SdSeg.Model.Diffusion;
using SdSeg.Model.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace SdSeg.Engine.Diagnostics;

/// <summary>
/// Measures why an SDSeg model segments as it does (issue #9's checklist): the condition-shuffle ablation, the constant
/// mask beside it, losses split by timestep range, the scale of the condition latent against the noisy latent, the first
/// convolution's weights on each half of its input, and the gradient that reaches the condition encoder. The model is used
/// as given (load it for inference, EMA weights in the UNet) and left unchanged: gradients are cleared afterwards.
/// </summary>
public sealed class SdSegDiagnostician(SdSegModel model, Device device, long seed = 0)
{
    static readonly (int From, int To)[] Ranges = [(0, 99), (100, 499), (500, 899), (900, 998)];

    /// <summary>Diagnoses the model on <paramref name="subset"/> (named <paramref name="subsetName"/>); the constant mask comes from <paramref name="train"/>.</summary>
    public SdSegDiagnosis Diagnose(TrainingData subset, string subsetName, TrainingData train, int batchSize = 8)
    {
        ArgumentNullException.ThrowIfNull(subset);
        ArgumentNullException.ThrowIfNull(train);
        if (subset.Count < 2)
            throw new InvalidOperationException("The diagnosis needs at least two images in the subset (the shuffle gives each image another's condition).");
        model.to(device);
        model.eval();
        int last = model.NumTimesteps - 1;
        var schedule = model.Schedule;
        // The loss rows are the paper's two terms; the gradient check uses the run's whole objective (pixel term included).
        var objective = new SdSegObjective(schedule, model.Config with { PixelLossWeight = 0 });
        var trainingObjective = new SdSegObjective(schedule, model.Config);
        using var generator = new Generator((ulong)seed);
        var segmenter = new SingleStepSegmenter(model, device, seed);
        using var noiseOne = segmenter.DrawNoise(seed);

        using var noiseTwo = segmenter.DrawNoise(seed + 1);
        double[] sigmas = [0, 0.1, 0.3, 1.0];
        var robust = new double[sigmas.Length];
        double dice = 0, shuffledDice = 0, effect = 0, error = 0, noiseEffect = 0;
        double conditionSum = 0, conditionSquares = 0, latentSum = 0, latentSquares = 0;
        long conditionCount = 0, latentCount = 0;
        var simple = new double[Ranges.Length + 1];
        var seg = new double[Ranges.Length + 1];
        int plane = subset.PixelSize * subset.PixelSize;

        for (int start = 0; start < subset.Count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            using var batch = subset.Slice(start, batchSize, device);
            // The condition of the next image of the subset (cyclically), computed the same way.
            var others = batch.Indices.Select(i => (i + 1) % subset.Count).ToArray();
            using var otherBatch = subset.Gather(others, device);
            using var _ = no_grad();
            var condition = model.GetLearnedConditioning(batch.Images);
            var otherCondition = model.GetLearnedConditioning(otherBatch.Images);
            var z0 = model.EncodeFirstStage(batch.Masks, generator);
            long b = z0.shape[0];
            var noise = noiseOne.expand(b, -1, -1, -1);

            var tLast = full([b], last, int64, device);
            var own = schedule.PredictStartFromNoise(noise, tLast, model.ApplyModel(noise, tLast, condition));
            var swapped = schedule.PredictStartFromNoise(noise, tLast, model.ApplyModel(noise, tLast, otherCondition));
            dice += SumDice(own, batch, subset, plane);
            shuffledDice += SumDice(swapped, batch, subset, plane);
            effect += (own - swapped).abs().mean([1, 2, 3]).sum().item<float>();
            var second = noiseTwo.expand(b, -1, -1, -1);
            var ownOtherNoise = schedule.PredictStartFromNoise(second, tLast, model.ApplyModel(second, tLast, condition));
            noiseEffect += (own - ownOtherNoise).abs().mean([1, 2, 3]).sum().item<float>();
            for (int k = 0; k < sigmas.Length; k++)
                robust[k] += SumDice(z0 + randn(z0.shape, float32, CPU, generator: generator).to(device) * sigmas[k], batch, subset, plane);
            error += (own - z0).abs().mean([1, 2, 3]).sum().item<float>();

            conditionSum += condition.sum().item<float>();
            conditionSquares += condition.square().sum().item<float>();
            conditionCount += condition.numel();
            latentSum += z0.sum().item<float>();
            latentSquares += z0.square().sum().item<float>();
            latentCount += z0.numel();

            for (int r = 0; r <= Ranges.Length; r++)
            {
                var (from, to) = r < Ranges.Length ? Ranges[r] : (last, last);
                var t = randint(from, to + 1, [b], int64, CPU, generator: generator).to(device);
                var eps = randn(z0.shape, float32, CPU, generator: generator).to(device);
                var loss = objective.Compute(model.ApplyModel, z0, condition, t, eps);
                simple[r] += loss.Simple.item<float>() * b;
                seg[r] += loss.Seg.item<float>() * b;
            }
        }

        var (unetNorm, unetRms, condNorm, condRms) = GradientNorms(train, batchSize, trainingObjective, generator);
        var inputConv = model.Model.named_parameters().First(p => p.name.EndsWith("input_blocks.0.0.weight", StringComparison.Ordinal)).parameter;
        int channels = model.Config.Channels;
        double noiseRms, conditionRms;
        using (no_grad())
        {
            noiseRms = inputConv.narrow(1, 0, channels).square().mean().sqrt().item<float>();
            conditionRms = inputConv.narrow(1, channels, inputConv.shape[1] - channels).square().mean().sqrt().item<float>();
        }

        int n = subset.Count;
        return new SdSegDiagnosis
        {
            Subset = subsetName,
            Images = n,
            Dice = dice / n,
            ShuffledConditionDice = shuffledDice / n,
            ConstantMaskDice = ConstantMaskBaseline.FromTraining(train).MeanDice(subset),
            LossByTimestep = Enumerable.Range(0, Ranges.Length + 1)
                .Select(r => new TimestepLossRow(r < Ranges.Length ? Ranges[r].From : last, r < Ranges.Length ? Ranges[r].To : last, simple[r] / n, seg[r] / n))
                .ToList(),
            ConditionStd = Std(conditionSum, conditionSquares, conditionCount),
            LatentStd = Std(latentSum, latentSquares, latentCount),
            InputConvNoiseWeightRms = noiseRms,
            InputConvConditionWeightRms = conditionRms,
            ConditionEffectOnEstimate = effect / n,
            NoiseEffectOnEstimate = noiseEffect / n,
            DecoderRobustness = sigmas.Select((sigma, k) => new DecoderRobustnessRow(sigma, robust[k] / n)).ToList(),
            EstimateErrorAtLastStep = error / n,
            UNetGradientNorm = unetNorm,
            UNetGradientRms = unetRms,
            CondStageGradientNorm = condNorm,
            CondStageGradientRms = condRms,
        };
    }

    (double UNetNorm, double UNetRms, double CondNorm, double CondRms) GradientNorms(TrainingData train, int batchSize, SdSegObjective objective, Generator generator)
    {
        var unet = model.Model.parameters().ToList();
        var cond = model.CondStageModel.parameters().ToList();
        var wanted = unet.Concat(cond).Select(p => (Parameter: p, Before: p.requires_grad)).ToList();
        try
        {
            foreach (var (p, _) in wanted)
            {
                p.requires_grad = true;
                p.grad?.zero_();
            }
            using var scope = NewDisposeScope();
            using var batch = train.Slice(0, Math.Min(batchSize, train.Count), device);
            var z0 = model.EncodeFirstStage(batch.Masks, generator);
            long b = z0.shape[0];
            var t = randint(0, model.NumTimesteps, [b], int64, CPU, generator: generator).to(device);
            var eps = randn(z0.shape, float32, CPU, generator: generator).to(device);
            var pixel = new PixelLossTarget(model.DecodeFirstStageWithGradient, batch.Masks.narrow(1, 0, 1).add(1.0).div(2.0));
            var loss = objective.Compute(model.ApplyModel, z0, model.GetLearnedConditioning(batch.Images), t, eps, pixel);
            loss.Total.backward();
            return (Norm(unet), Rms(unet), Norm(cond), Rms(cond));
        }
        finally
        {
            foreach (var (p, before) in wanted)
            {
                p.grad?.zero_();
                p.requires_grad = before;
            }
        }
    }

    static double Norm(IEnumerable<Tensor> parameters) =>
        Math.Sqrt(parameters.Where(p => p.grad is not null).Sum(p => p.grad!.square().sum().item<float>()));

    static double Rms(IReadOnlyList<Tensor> parameters)
    {
        long count = parameters.Sum(p => p.numel());
        return count == 0 ? 0 : Norm(parameters) / Math.Sqrt(count);
    }

    static double Std(double sum, double squares, long count)
    {
        double mean = sum / count;
        return Math.Sqrt(Math.Max(0, squares / count - mean * mean));
    }

    double SumDice(Tensor z0Hat, TrainingBatch batch, TrainingData subset, int plane)
    {
        var decoded = model.DecodeFirstStage(z0Hat);
        var masks = ((decoded + 1.0) / 2.0).clamp(0.0, 1.0).mean([1]).gt(0.5).cpu().reshape(batch.Indices.Count, -1).data<bool>().ToArray();
        double sum = 0;
        for (int i = 0; i < batch.Indices.Count; i++)
            sum += SegmentationMetrics.Dice(new BinaryMask(subset.PixelSize, subset.PixelSize, masks.AsSpan(i * plane, plane)), subset.MaskOf(batch.Indices[i]));
        return sum;
    }
}
