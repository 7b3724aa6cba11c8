using SdSeg.Workbench.Components.Shared;

namespace SdSeg.Workbench.Tests.Shared;

public sealed class ModelLabelTests
{
    [Theory]
    [InlineData("""{"kind":"Train","config":"small"}""", "small (run 1)")]
    [InlineData("""{"kind":"Train","config":"/data/configs/kvasir-unet.yaml"}""", "kvasir-unet (run 1)")]
    [InlineData("""{"kind":"Train"}""", "run 1 model (run 1)")]
    [InlineData("not json", "run 1 model (run 1)")]
    public void Trained_weights_are_named_by_their_configuration_and_run(string spec, string expected) =>
        Assert.Equal(expected, ModelLabel.Of("run 1 model", 1, spec));

    [Fact]
    public void Imported_weights_keep_their_catalog_name() =>
        Assert.Equal("official kvasir", ModelLabel.Of("official kvasir", null, null));
}
