using SdSeg.Imaging.Masks;

namespace SdSeg.Engine.Evaluation;

/// <summary>How to evaluate: the scoring mode, the resolution, what to do with unpaired files, binarisation and parallelism.</summary>
public sealed record EvaluationOptions
{
    /// <summary>The largest side accepted for <see cref="Size"/>.</summary>
    public const int MaxSize = 16384;

    public EvaluationMode Mode { get; init; } = EvaluationMode.Standard;

    /// <summary>When set, both masks are resized (nearest neighbour) to Size x Size, as the paper evaluates at 256x256;
    /// when null, metrics are computed at each ground truth's own resolution and only a prediction of another size is resized.</summary>
    public int? Size { get; init; }

    /// <summary>Evaluate only the paired stems instead of failing when a file in either folder has no partner.</summary>
    public bool AllowUnpaired { get; init; }

    /// <summary>The rule turning both mask images into binary masks (default: any colour channel above half the maximum).</summary>
    public MaskBinarizationOptions Binarization { get; init; } = MaskBinarizationOptions.Default;

    /// <summary>Images evaluated at once; the output order does not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Throws with a specific message when an option is out of range.</summary>
    public void Validate()
    {
        if (Size is { } size && (size <= 0 || size > MaxSize))
            throw new ArgumentOutOfRangeException(nameof(Size), size, $"The evaluation size must be between 1 and {MaxSize} pixels.");
        if (MaxDegreeOfParallelism <= 0)
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "The degree of parallelism must be positive.");
        if (!Enum.IsDefined(Mode))
            throw new ArgumentOutOfRangeException(nameof(Mode), Mode, "Unknown evaluation mode.");
        ArgumentNullException.ThrowIfNull(Binarization);
    }
}
