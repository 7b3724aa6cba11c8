using SdSeg.Model.Checkpoints;
using SdSeg.Model.Configuration;
using SdSeg.Model.Networks;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TorchSharp;

namespace SdSeg.Cli.Tests;

/// <summary>Tiny-preset models, weights files and images for the command tests.</summary>
public static class TinyModels
{
    public static SdSegConfig Config => ConfigSource.Load("tiny");

    /// <summary>A tiny model with seeded random weights.</summary>
    public static SdSegModel Create(long seed = 0)
    {
        torch.manual_seed(seed);
        return new SdSegModel(Config);
    }

    /// <summary>Writes a tiny model file (safetensors, config embedded) and returns its path.</summary>
    public static string WriteWeights(string path, long seed = 0)
    {
        using var model = Create(seed);
        SdSegModelFile.Save(path, model);
        return path;
    }

    /// <summary>Writes an RGB PNG of random pixels.</summary>
    public static void WriteImage(string path, int width, int height, int seed)
    {
        var random = new Random(seed);
        using var image = new Image<Rgb24>(width, height);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                image[x, y] = new Rgb24((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
        image.SaveAsPng(path);
    }
}
