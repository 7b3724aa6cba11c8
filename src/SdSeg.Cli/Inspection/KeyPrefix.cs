namespace SdSeg.Cli.Inspection;

/// <summary>Groups state-dict keys by the part of the official model they belong to.</summary>
public static class KeyPrefix
{
    /// <summary>The name for keys without a dot: the schedule buffers and <c>scale_factor</c> of an SDSeg checkpoint.</summary>
    public const string Root = "(root)";

    /// <summary>
    /// The first name component with its dot (<c>first_stage_model.</c>, <c>model_ema.</c>, <c>encoder.</c>), or two for
    /// <c>model.</c> so the UNet shows as <c>model.diffusion_model.</c>; <see cref="Root"/> for keys without a dot.
    /// </summary>
    public static string Of(string key)
    {
        int first = key.IndexOf('.');
        if (first < 0) return Root;
        if (key.AsSpan(0, first) is "model")
        {
            int second = key.IndexOf('.', first + 1);
            if (second > 0) return key[..(second + 1)];
        }
        return key[..(first + 1)];
    }
}
