using System.Diagnostics;
using System.Globalization;
using SdSeg.Model.Checkpoints;
using SdSeg.Model.Configuration;
using SdSeg.Model.Networks.Autoencoder;
using SdSeg.Model.Training;
using static TorchSharp.torch;

namespace SdSeg.Engine.FirstStage;

/// <summary>
/// Trains a first stage (AutoencoderKL) on endless synthetic masks (<see cref="SyntheticMaskBatches"/>) from a seed, with
/// the learning rate decaying linearly to 5 %, and writes it in the kl-f8 key layout with metadata saying how it was made
/// and how well it reconstructs held-out synthetic masks. This is how the shipped first stage
/// (<see cref="ShippedFirstStage"/>) is made; the same command makes one for any other first-stage shape.
/// </summary>
public sealed class MaskAutoencoderPretraining(AutoencoderConfig config, MaskAutoencoderPretrainingOptions options)
{
    /// <summary>Batches set aside for the reconstruction score (indices no training step uses).</summary>
    const long HeldOutFirstBatch = 1L << 40;

    /// <summary>Trains and writes <paramref name="output"/>; <paramref name="onProgress"/> gets (step, loss, reconstruction Dice or null).</summary>
    public MaskReconstructionScores Run(string output, Device device, Action<long, double, double?>? onProgress = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(output);
        var valid = options.Validated();
        random.manual_seed(valid.Seed);
        using var autoencoder = new AutoencoderKL(config);
        var batches = new SyntheticMaskBatches(valid.PixelSize, valid.BatchSize, valid.Seed, valid.CropSize);
        var heldOut = new SyntheticMaskBatches(valid.PixelSize, valid.BatchSize, valid.Seed);
        using var trainer = new MaskAutoencoderTrainer(autoencoder, device, new MaskAutoencoderOptions
        {
            LearningRate = valid.LearningRate,
            KlWeight = valid.KlWeight,
            Seed = valid.Seed,
        });
        var clock = Stopwatch.StartNew();
        for (long step = 0; step < valid.Steps; step++)
        {
            cancellation.ThrowIfCancellationRequested();
            using var masks = batches.Batch(step, device);
            var result = trainer.Step(masks, Math.Max(0.05, 1.0 - (double)step / valid.Steps));
            bool score = (step + 1) % valid.ScoreEvery == 0 || step + 1 == valid.Steps;
            onProgress?.Invoke(step + 1, result.Loss, score ? Score(trainer, heldOut, device).Dice : null);
        }
        var final = Score(trainer, heldOut, device);
        trainer.Finish();
        var metadata = new Dictionary<string, string>
        {
            ["sdseg.first_stage.made_by"] = valid.CommandLine,
            ["sdseg.first_stage.data"] = $"synthetic shapes (ellipses, convex polygons, blobs; {SyntheticMaskBatches.EmptyShare:P0} empty), {valid.PixelSize} px"
                + (valid.CropSize is { } crop ? $", random {crop} px crops" : ""),
            ["sdseg.first_stage.steps"] = valid.Steps.ToString(CultureInfo.InvariantCulture),
            ["sdseg.first_stage.batch_size"] = valid.BatchSize.ToString(CultureInfo.InvariantCulture),
            ["sdseg.first_stage.seed"] = valid.Seed.ToString(CultureInfo.InvariantCulture),
            ["sdseg.first_stage.kl_weight"] = valid.KlWeight.ToString("R", CultureInfo.InvariantCulture),
            ["sdseg.first_stage.reconstruction_dice"] = final.Dice.ToString("F4", CultureInfo.InvariantCulture),
            ["sdseg.first_stage.reconstruction_l1"] = final.L1.ToString("F4", CultureInfo.InvariantCulture),
            ["sdseg.first_stage.seconds"] = clock.Elapsed.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture),
        };
        SafetensorsCheckpoint.Save(output, autoencoder.state_dict(), metadata);
        return final;
    }

    MaskReconstructionScores Score(MaskAutoencoderTrainer trainer, SyntheticMaskBatches batches, Device device)
    {
        double l1 = 0, dice = 0;
        for (int i = 0; i < options.ScoreBatches; i++)
        {
            using var masks = batches.Batch(HeldOutFirstBatch + i, device);
            var scores = trainer.Reconstruction(masks);
            l1 += scores.L1 / options.ScoreBatches;
            dice += scores.Dice / options.ScoreBatches;
        }
        return new MaskReconstructionScores(l1, dice);
    }
}
