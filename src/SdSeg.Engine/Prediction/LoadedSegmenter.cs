using SdSeg.Model;

namespace SdSeg.Engine.Prediction;

/// <summary>A segmenter read from a model file, with a line that says what it is, and the model it owns.</summary>
public sealed class LoadedSegmenter(ISegmenter segmenter, string description, IDisposable owner) : IDisposable
{
    public ISegmenter Segmenter { get; } = segmenter;
    public string Description { get; } = description;
    public void Dispose() => owner.Dispose();
}
