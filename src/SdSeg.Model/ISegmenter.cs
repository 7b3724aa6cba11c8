using SdSeg.Model.Diffusion;
using static TorchSharp.torch;

namespace SdSeg.Model;

/// <summary>
/// A trained segmentation model ready to predict, whatever its kind (SDSeg or the baseline U-Net), so that prediction
/// and evaluation code is shared: images in, a soft map and a binary mask out.
/// </summary>
public interface ISegmenter
{
    /// <summary>The side of the square input the model takes; callers resize images to it and results back.</summary>
    int PixelSize { get; }

    /// <summary>Segments images [B, 3, P, P] in [−1, 1]: soft map [B, P, P] in [0, 1] and mask [B, P, P] = soft &gt; 0.5.</summary>
    SegmentationOutput Segment(Tensor images);
}
