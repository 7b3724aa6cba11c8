using SdSeg.Model.Configuration;
using SdSeg.Model.Networks;

namespace SdSeg.Model.Tests.Networks;

/// <summary>Builds the paper-sized model once (413M float parameters) for the tests that check its names and sizes.</summary>
public sealed class OfficialModelFixture : IDisposable
{
    public OfficialModelFixture()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Model = new SdSegModel(new SdSegConfig());
        BuildSeconds = watch.Elapsed.TotalSeconds;
    }

    public SdSegModel Model { get; }
    public double BuildSeconds { get; }

    public void Dispose() => Model.Dispose();
}
