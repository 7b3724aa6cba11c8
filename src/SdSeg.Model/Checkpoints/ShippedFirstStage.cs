using System.Reflection;
using SdSeg.Model.Configuration;
using SdSeg.Model.Networks.Autoencoder;
using static TorchSharp.torch;

namespace SdSeg.Model.Checkpoints;

/// <summary>
/// The binary-mask autoencoder shipped with the workbench (<c>Pretrained/mask-autoencoder-f8.safetensors</c>, trained on
/// synthetic shapes by <c>sdseg pretrain-first-stage</c>; see <c>Pretrained/PROVENANCE.md</c>), in the kl-f8 key layout.
/// It is the default first stage of every configuration whose first stage has its shapes, so no run starts from an
/// untrained autoencoder.
/// </summary>
public static class ShippedFirstStage
{
    /// <summary>The weights' file name (also its name under <c>Pretrained/</c> in the source tree).</summary>
    public const string FileName = "mask-autoencoder-f8.safetensors";

    const string ResourceName = "SdSeg.Model.Pretrained." + FileName;
    static readonly Lazy<string?> Extracted = new(Extract);

    /// <summary>A readable file with the shipped weights (extracted once per process), or null in a build without them.</summary>
    public static string? WeightsFile => Extracted.Value;

    /// <summary>Whether the shipped weights fit <paramref name="firstStage"/> key for key and shape for shape.</summary>
    public static bool Fits(AutoencoderConfig firstStage)
    {
        ArgumentNullException.ThrowIfNull(firstStage);
        if (WeightsFile is not { } file)
            return false;
        using var scope = NewDisposeScope();
        using var probe = new AutoencoderKL(firstStage);
        var weights = SafetensorsCheckpoint.Load(file);
        var expected = probe.state_dict();
        return expected.Count == weights.Count
            && expected.All(kv => weights.TryGetValue(kv.Key, out var w) && w.shape.SequenceEqual(kv.Value.shape));
    }

    /// <summary>The metadata written with the weights (steps, seed, reconstruction Dice, the command that made them).</summary>
    public static IReadOnlyDictionary<string, string> Metadata =>
        WeightsFile is { } file ? SafetensorsCheckpoint.ReadMetadata(file) : new Dictionary<string, string>();

    static string? Extract()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName);
        if (stream is null)
            return null;
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"sdseg-{Environment.ProcessId}")).FullName;
        var path = Path.Combine(folder, FileName);
        using (var file = File.Create(path))
            stream.CopyTo(file);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        return path;
    }
}
