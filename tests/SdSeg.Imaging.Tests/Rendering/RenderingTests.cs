using SdSeg.Imaging.Decoding;
using SdSeg.Imaging.Masks;
using SdSeg.Imaging.Rendering;
using SdSeg.Imaging.Tests.Support;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SdSeg.Imaging.Tests.Rendering;

public sealed class RenderingTests
{
    [Fact]
    public void Fill_overlay_blends_only_foreground_with_the_opacity()
    {
        using var image = new Image<Rgb24>(4, 4, new Rgb24(100, 100, 100));
        var mask = MaskFactory.Rectangle(4, 4, 1, 1, 2, 2);

        using var half = MaskOverlayRenderer.Render(image, mask, new MaskOverlayOptions { Colour = new Rgb24(200, 0, 0), Opacity = 0.5f });
        Assert.Equal(new Rgb24(150, 50, 50), half[1, 1]);
        Assert.Equal(new Rgb24(100, 100, 100), half[0, 0]);

        using var invisible = MaskOverlayRenderer.Render(image, mask, new MaskOverlayOptions { Opacity = 0f });
        Assert.Equal(new Rgb24(100, 100, 100), invisible[1, 1]);
        Assert.Equal(new Rgb24(100, 100, 100), image[1, 1]);
    }

    [Fact]
    public void Outline_overlay_paints_the_boundary_only()
    {
        using var image = new Image<Rgb24>(7, 7);
        var mask = MaskFactory.Rectangle(7, 7, 1, 1, 5, 5);
        using var outlined = MaskOverlayRenderer.Render(image, mask, new MaskOverlayOptions { Mode = OverlayMode.Outline, Opacity = 1f, Colour = new Rgb24(0, 0, 255) });

        Assert.Equal(new Rgb24(0, 0, 255), outlined[1, 3]);
        Assert.Equal(new Rgb24(0, 0, 0), outlined[3, 3]);
        Assert.Equal(new Rgb24(0, 0, 0), outlined[2, 2]);
        Assert.Equal(16, MaskOverlayRenderer.Outline(mask, 1).CountForeground());
        Assert.Equal(24, MaskOverlayRenderer.Outline(mask, 2).CountForeground());
    }

    [Fact]
    public void Difference_map_colours_tp_fp_fn_and_leaves_tn_transparent_or_dimmed()
    {
        var prediction = MaskFactory.FromRows("##.", "...");
        var truth = MaskFactory.FromRows("#.#", "...");
        var colours = MaskPairColours.Difference;

        using var map = DifferenceMapRenderer.Render(prediction, truth);
        Assert.Equal(colours.Both, map[0, 0].Rgb);
        Assert.Equal(colours.FirstOnly, map[1, 0].Rgb);
        Assert.Equal(colours.SecondOnly, map[2, 0].Rgb);
        Assert.Equal(0, map[0, 1].A);
        Assert.Equal(255, map[0, 0].A);

        using var image = new Image<Rgb24>(3, 2, new Rgb24(200, 200, 200));
        using var over = DifferenceMapRenderer.RenderOver(image, prediction, truth, opacity: 1f, trueNegativeBrightness: 0.5f);
        Assert.Equal(new Rgb24(100, 100, 100), over[1, 1]);
        Assert.Equal(colours.SecondOnly, over[2, 0]);
    }

    [Fact]
    public void Disagreement_map_marks_where_two_predictions_differ()
    {
        var first = MaskFactory.FromRows("##..");
        var second = MaskFactory.FromRows(".##.");
        using var map = DisagreementMapRenderer.Render(first, second);
        Assert.Equal(MaskPairColours.Disagreement.FirstOnly, map[0, 0].Rgb);
        Assert.Equal(MaskPairColours.Disagreement.Both, map[1, 0].Rgb);
        Assert.Equal(MaskPairColours.Disagreement.SecondOnly, map[2, 0].Rgb);
        Assert.Equal(0, map[3, 0].A);
        Assert.Equal(new[] { true, false, true, false }, DisagreementMapRenderer.Disagreement(first, second).Pixels.ToArray());
    }

    [Fact]
    public void Binary_mask_png_is_8bit_gray_0_255_and_round_trips()
    {
        var mask = MaskFactory.FromRows("#..", ".#.");
        using var stream = new MemoryStream();
        MaskPngEncoder.WriteBinaryMask(mask, stream);

        stream.Position = 0;
        using var decoded = new ImageDecoder().Decode(stream, "mask.png");
        Assert.Equal((PixelLayout.Gray8, 8), (decoded.Layout, decoded.Source.BitsPerSample));
        var gray = Assert.IsType<Image<L8>>(decoded.Image);
        Assert.Equal((255, 0), (gray[0, 0].PackedValue, gray[1, 0].PackedValue));
        Assert.Equal(mask.Pixels.ToArray(), MaskBinarizer.Binarize(decoded).Mask.Pixels.ToArray());
    }

    [Fact]
    public void Soft_map_png_is_16bit_gray_of_value_times_65535_rounded()
    {
        var map = new SoftMap(4, 1, [0f, 0.5f, 1f, 1.2f]);
        using var stream = new MemoryStream();
        MaskPngEncoder.WriteSoftMap(map, stream);

        stream.Position = 0;
        using var decoded = new ImageDecoder().Decode(stream, "soft.png");
        var gray = Assert.IsType<Image<L16>>(decoded.Image);
        Assert.Equal(new ushort[] { 0, 32768, 65535, 65535 }, Enumerable.Range(0, 4).Select(x => gray[x, 0].PackedValue).ToArray());

        Assert.Throws<ArgumentException>(() => MaskPngEncoder.WriteSoftMap(new SoftMap(1, 1, [float.NaN]), new MemoryStream()));
    }

    [Fact]
    public void Thumbnail_fits_the_box_keeps_aspect_and_never_enlarges()
    {
        using var wide = new Image<Rgb24>(400, 100);
        using var thumb = ThumbnailRenderer.Create(wide, 128, 128);
        Assert.Equal((128, 32), (thumb.Width, thumb.Height));

        using var small = new Image<Rgb24>(50, 20);
        using var same = ThumbnailRenderer.Create(small, 128, 128);
        Assert.Equal((50, 20), (same.Width, same.Height));
    }
}
