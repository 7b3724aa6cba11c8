namespace SdSeg.Cli.Inspection;

/// <summary>One tensor of a weights file as its header (or state dict) describes it: key, dtype name, shape and stored bytes.</summary>
public sealed record TensorEntry(string Key, string DType, long[] Shape, long Bytes)
{
    public string ShapeText => $"[{string.Join(", ", Shape)}]";
}
