namespace SdSeg.Model.Tests.Checkpoints;

/// <summary>A unique temporary file path, deleted on dispose.</summary>
internal sealed class TempFile(string extension) : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"sdseg-test-{Guid.NewGuid():N}{extension}");

    public void Dispose() => File.Delete(Path);
}
