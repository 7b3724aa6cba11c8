using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SdSeg.Model.Checkpoints;
using SdSeg.Model.Configuration;
using SdSeg.Model.Diffusion;
using static TorchSharp.torch;

namespace SdSeg.Cli.Commands;

/// <summary>
/// <c>sdseg parity-train-step</c>: repeats one training step that <c>tools/parity/make_train_step.py</c> computed with the
/// official networks (same weights, batch, timesteps, noise and posterior draw) and compares the latent, the condition,
/// the loss terms and every gradient of the UNet and the condition encoder.
/// </summary>
public static class ParityTrainStepCommand
{
    public static Command Create()
    {
        var set = new Option<DirectoryInfo>("--set") { Description = "The folder make_train_step.py wrote (weights.pt, config.yaml, step_inputs.pt, step_reference.pt/json).", Required = true };
        var tolerance = new Option<double>("--tolerance") { Description = "Largest absolute difference accepted for loss terms and gradient entries.", DefaultValueFactory = _ => 1e-4 };
        var command = new Command("parity-train-step", "Compare one SDSeg training step with the official code's (see tools/parity).") { Hidden = true };
        command.Options.Add(set);
        command.Options.Add(tolerance);
        command.SetAction((parse, cancellation) => CommandErrors.GuardAsync(() =>
        {
            var folder = parse.GetValue(set)!.FullName;
            double limit = parse.GetValue(tolerance);
            var config = ConfigSource.Load(Path.Combine(folder, "config.yaml"));
            using var loaded = SdSegModelFile.Load(Path.Combine(folder, "weights.pt"), config);
            var model = loaded.Model;
            var inputs = CheckpointFile.LoadStateDict(Path.Combine(folder, "step_inputs.pt"));
            var reference = CheckpointFile.LoadStateDict(Path.Combine(folder, "step_reference.pt"));
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "step_reference.json")));
            double Expected(string key) => json.RootElement.GetProperty(key).GetDouble();

            model.train();
            model.FirstStageModel.Freeze();
            Tensor z0;
            using (no_grad())
                z0 = model.FirstStageModel.Encode(inputs["masks"]).Sample(inputs["posterior_eps"]) * model.ScaleFactor;
            var condition = model.GetLearnedConditioning(inputs["images"]);
            var loss = new SdSegObjective(model.Schedule, model.Config).Compute(model.ApplyModel, z0, condition, inputs["t"], inputs["noise"]);
            loss.Total.backward();

            var rows = new List<(string What, double MaxAbs, double Relative)>
            {
                ("z0 (scaled posterior sample)", MaxAbs(z0, reference["z0"]), Relative(z0, reference["z0"])),
                ("condition c", MaxAbs(condition, reference["condition"]), Relative(condition, reference["condition"])),
                ("loss", Math.Abs(loss.Total.item<float>() - Expected("loss")), 0),
                ("loss_simple", Math.Abs(loss.Simple.item<float>() - Expected("loss_simple")), 0),
                ("loss_seg", Math.Abs(loss.Seg.item<float>() - Expected("loss_seg")), 0),
            };
            var parameters = model.Model.named_parameters().Select(p => ("model." + p.name, p.parameter))
                .Concat(model.CondStageModel.named_parameters().Select(p => ("cond_stage_model." + p.name, p.parameter)));
            double worstGrad = 0, worstRelative = 0, differenceSquares = 0, referenceSquares = 0;
            string worstName = "", worstRelativeName = "";
            int compared = 0;
            foreach (var (name, parameter) in parameters)
            {
                if (!reference.TryGetValue("grad." + name, out var expected))
                    throw new InvalidDataException($"The reference has no gradient for {name}.");
                if (parameter.grad is null)
                    throw new InvalidOperationException($"{name} got no gradient here but did in the official step.");
                double diff = MaxAbs(parameter.grad, expected);
                double relative = Relative(parameter.grad, expected);
                if (relative >= worstRelative)
                    (worstRelative, worstRelativeName) = (relative, name);
                using (var scope = NewDisposeScope())
                {
                    differenceSquares += (parameter.grad.detach().cpu() - expected.cpu()).square().sum().item<float>();
                    referenceSquares += expected.square().sum().item<float>();
                }
                if (diff >= worstGrad)
                    (worstGrad, worstName) = (diff, name);
                compared++;
            }
            rows.Add(($"gradients, all {compared} tensors (largest difference in {worstName})", worstGrad,
                referenceSquares == 0 ? 0 : Math.Sqrt(differenceSquares / referenceSquares)));
            rows.Add(($"gradient tensor with the largest relative difference: {worstRelativeName}", 0, worstRelative));
            System.Console.WriteLine($"Training-step parity against {folder}:");
            foreach (var (what, maxAbs, relative) in rows)
                System.Console.WriteLine("  " + what.PadRight(60) + string.Create(CultureInfo.InvariantCulture, $" max abs diff {maxAbs:E2}")
                    + (relative > 0 ? string.Create(CultureInfo.InvariantCulture, $"  relative L2 {relative:E2}") : ""));
            bool ok = rows.All(r => r.MaxAbs <= limit);
            System.Console.WriteLine(ok ? $"PASS: every difference is within {limit:E0}." : $"FAIL: a difference exceeds {limit:E0}.");
            return Task.FromResult(ok ? 0 : 1);
        }));
        return command;
    }

    static double MaxAbs(Tensor actual, Tensor expected)
    {
        using var scope = NewDisposeScope();
        return (actual.detach().cpu() - expected.cpu()).abs().max().item<float>();
    }

    static double Relative(Tensor actual, Tensor expected)
    {
        using var scope = NewDisposeScope();
        var e = expected.cpu();
        double norm = e.norm().item<float>();
        return norm == 0 ? 0 : (actual.detach().cpu() - e).norm().item<float>() / norm;
    }
}
