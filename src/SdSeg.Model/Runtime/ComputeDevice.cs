using TorchSharp;
using static TorchSharp.torch;

namespace SdSeg.Model.Runtime;

/// <summary>Chooses the torch device for a run: CUDA when available, CPU otherwise, or what the configuration names.</summary>
public static class ComputeDevice
{
    /// <summary>The setting value that means "CUDA if available, else CPU".</summary>
    public const string Auto = "auto";

    /// <summary>
    /// Resolves <paramref name="setting"/> ("auto", "cpu", "cuda" or "cuda:N"; null or empty means auto) to a device.
    /// Asking for CUDA where it is not available is an error rather than a silent fallback, so a run never
    /// lands on the CPU by surprise.
    /// </summary>
    public static Device Resolve(string? setting)
    {
        string value = string.IsNullOrWhiteSpace(setting) ? Auto : setting.Trim().ToLowerInvariant();
        if (value == Auto)
            return cuda.is_available() ? CUDA : CPU;
        if (value == "cpu")
            return CPU;
        if (value == "cuda" || value.StartsWith("cuda:", StringComparison.Ordinal))
        {
            int index = 0;
            if (value.Length > 4 && !int.TryParse(value.AsSpan(5), out index))
                throw new ArgumentException($"Device '{setting}' is not valid: write cuda:N with a GPU index N.", nameof(setting));
            if (!cuda.is_available())
                throw new InvalidOperationException(
                    $"Device '{setting}' was asked for, but CUDA is not available here (no GPU, or a CPU-only build of the workbench). " +
                    "Use 'auto' or 'cpu', or run the CUDA build (-p:TorchBackend=cuda) on a machine with an NVIDIA GPU.");
            int count = cuda.device_count();
            if (index < 0 || index >= count)
                throw new ArgumentException($"Device '{setting}' does not exist: this machine has {count} CUDA device(s).", nameof(setting));
            return new Device(DeviceType.CUDA, index);
        }
        throw new ArgumentException($"Device '{setting}' is not valid: use auto, cpu, cuda or cuda:N.", nameof(setting));
    }
}
