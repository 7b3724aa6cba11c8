using SdSeg.Model.Diffusion;
using TorchSharp;
using static TorchSharp.torch;

namespace SdSeg.Model.Baseline;

/// <summary>Baseline inference: soft map = sigmoid(logit), mask = soft &gt; 0.5, in the same <see cref="SegmentationOutput"/> as SDSeg's.</summary>
public sealed class UNet2dSegmenter : ISegmenter
{
    readonly UNet2d _model;
    readonly Device _device;

    /// <summary>Moves <paramref name="model"/> to <paramref name="device"/> and puts it in eval mode (norms use their running statistics).</summary>
    public UNet2dSegmenter(UNet2d model, Device device)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(device);
        _model = model;
        _device = device;
        _model.to(device);
        _model.eval();
    }

    public int PixelSize => _model.PixelSize;

    /// <summary>Segments images [B, 3, P, P] in [−1, 1] (P the model's pixel size); the outputs live on the segmenter's device.</summary>
    public SegmentationOutput Segment(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        int size = _model.PixelSize;
        long channels = _model.Config.InChannels;
        if (images.dim() != 4 || images.shape[1] != channels || images.shape[2] != size || images.shape[3] != size)
            throw new ArgumentException(
                $"Images must have shape [B, {channels}, {size}, {size}] for this model; got [{string.Join(", ", images.shape)}].", nameof(images));
        bool training = _model.training;
        _model.eval();
        try
        {
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            var soft = sigmoid(_model.call(images.to(float32).to(_device))).squeeze(1);
            var mask = soft.gt(0.5);
            return new SegmentationOutput(soft.MoveToOuterDisposeScope(), mask.MoveToOuterDisposeScope(), null);
        }
        finally
        {
            _model.train(training);
        }
    }
}
