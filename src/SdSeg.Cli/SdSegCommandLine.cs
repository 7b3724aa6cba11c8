using System.CommandLine;

namespace SdSeg.Cli;

/// <summary>The <c>sdseg</c> command tree.</summary>
public static class SdSegCommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand("sdseg: train, run and evaluate SDSeg (Stable Diffusion Segmentation) models.");
        return root;
    }
}
