using static TorchSharp.torch;

namespace SdSeg.Model.Tests.Training;

/// <summary>Image/mask pairs a segmenter can learn: a disc at a random place, and an image whose channels brighten inside it, plus texture and noise.</summary>
internal static class SyntheticPairs
{
    /// <summary>Images [n, 3, size, size] in [−1, 1] and masks [n, 3, size, size] in {−1, +1}, reproducible from <paramref name="seed"/>.</summary>
    public static (Tensor Images, Tensor Masks) Make(int count, int size, ulong seed = 7)
    {
        using var generator = new Generator(seed);
        using var scope = NewDisposeScope();
        var coordinates = arange(size, float32);
        var rows = coordinates.view(1, size, 1);
        var columns = coordinates.view(1, 1, size);
        var centres = rand([count, 2], generator: generator) * (size * 0.5) + size * 0.25;
        var radii = rand([count], generator: generator) * (size * 0.15) + size * 0.15;
        var distance = (rows - centres[.., 0].view(count, 1, 1)).pow(2) + (columns - centres[.., 1].view(count, 1, 1)).pow(2);
        var inside = distance.le(radii.view(count, 1, 1).pow(2));
        var mask = where(inside, 1f, -1f).unsqueeze(1);
        var masks = mask.expand(count, 3, size, size).contiguous();
        var texture = (columns * 0.9f).sin() * (rows * 0.7f).cos();
        var channelGain = tensor(new[] { 0.6f, 0.4f, 0.5f }).view(1, 3, 1, 1);
        var images = (mask * channelGain + texture.unsqueeze(0) * 0.2f + randn([count, 3, size, size], generator: generator) * 0.1f).clamp(-1f, 1f);
        return (images.MoveToOuterDisposeScope(), masks.MoveToOuterDisposeScope());
    }
}
