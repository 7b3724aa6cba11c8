namespace SdSeg.Model.Checkpoints;

/// <summary>A state-dict key present on both sides whose tensor shapes differ.</summary>
public sealed record ShapeMismatch(string Key, long[] Expected, long[] Found)
{
    public override string ToString() => $"{Key}: module has [{string.Join(", ", Expected)}], checkpoint has [{string.Join(", ", Found)}]";
}
