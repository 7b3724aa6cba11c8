using System.Text.Json.Serialization;

namespace SdSeg.Cli.Benchmarking;

/// <summary>
/// Timings of single-step prediction for one config: medians over the timed images (after a warm-up) of the whole
/// call and of its parts, and the memory peaks seen while it ran. Medians are taken per column, so the parts need not
/// add up to the total exactly.
/// </summary>
public sealed record BenchResult
{
    public required string Config { get; init; }
    public required int PixelSize { get; init; }
    public required long Parameters { get; init; }
    public required string Device { get; init; }
    public required int Threads { get; init; }
    public required int Images { get; init; }
    public required double TotalMs { get; init; }
    public required double ConditionEncoderMs { get; init; }
    /// <summary>The UNet step and the small tensor work around it: the total minus the condition encoder and the decoder.</summary>
    [JsonPropertyName("unetMs")]
    public required double UNetMs { get; init; }
    public required double DecoderMs { get; init; }
    /// <summary>The process's peak resident set (VmHWM), in MiB; since this config started when the kernel allowed a reset.</summary>
    public double? PeakRssMiB { get; init; }
    /// <summary>Whether <see cref="PeakRssMiB"/> was reset before this config (else it is the process's peak so far).</summary>
    public bool PeakRssIsPerConfig { get; init; }
    /// <summary>Peak CUDA device memory in use (NVML, device-wide) above what was in use before the config, in MiB; null off CUDA.</summary>
    public double? CudaPeakMiB { get; init; }
}
