using System.IO.Compression;
using SdSeg.Engine.Datasets;

namespace SdSeg.Engine.Tests.Datasets;

public sealed class DatasetLayoutDetectorTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Generic_images_and_png_masks()
    {
        SyntheticDatasets.WriteGeneric(_temp.Root, ["a", "b"]);
        var layout = DatasetLayoutDetector.Detect(_temp.Root);
        Assert.Equal(DatasetLayoutKind.Generic, layout.Kind);
        Assert.Contains("paired by file name", layout.Explanation);
    }

    [Fact]
    public void Kvasir_with_jpeg_masks_nested_one_folder_deep()
    {
        SyntheticDatasets.WriteGeneric(_temp.Path("Kvasir-SEG"), ["a", "b"], ".jpg", ".jpg");
        var layout = DatasetLayoutDetector.Detect(_temp.Root);
        Assert.Equal(DatasetLayoutKind.KvasirSeg, layout.Kind);
        Assert.Equal(_temp.Path("Kvasir-SEG"), layout.Root);
        Assert.Contains("masks are JPEG", layout.Explanation);
        Assert.Contains("one folder deep, in 'Kvasir-SEG/'", layout.Explanation);
    }

    [Fact]
    public void Cvc_png_and_tiff_releases()
    {
        SyntheticDatasets.WritePair(_temp.Path("png", "Original", "1.png"), _temp.Path("png", "Ground Truth", "1.png"));
        SyntheticDatasets.WritePair(_temp.Path("tif", "Original", "1.tif"), _temp.Path("tif", "Ground Truth", "1.tif"));
        var png = DatasetLayoutDetector.Detect(_temp.Path("png"));
        var tif = DatasetLayoutDetector.Detect(_temp.Path("tif"));
        Assert.Equal((DatasetLayoutKind.CvcClinicDb, DatasetLayoutKind.CvcClinicDb), (png.Kind, tif.Kind));
        Assert.Contains("Kaggle PNG release", png.Explanation);
        Assert.Contains("TIFF masks", tif.Explanation);
        Assert.Equal(_temp.Path("tif", "Ground Truth"), tif.MasksFolder);
    }

    [Fact]
    public void Refuge2_by_file_names_or_folder_name()
    {
        SyntheticDatasets.WriteGeneric(_temp.Path("crop"), ["g0001", "n0002", "V0003"]);
        SyntheticDatasets.WriteGeneric(_temp.Path("refuge2", "Train_crop"), ["x1", "x2"]);
        Assert.Equal(DatasetLayoutKind.Refuge2, DatasetLayoutDetector.Detect(_temp.Path("crop")).Kind);
        var byFolder = DatasetLayoutDetector.Detect(_temp.Path("refuge2"));
        Assert.Equal(DatasetLayoutKind.Refuge2, byFolder.Kind);
        Assert.Contains("choose the channel or colour", byFolder.Explanation);
    }

    [Fact]
    public void Isic_in_one_folder_and_in_two_folders()
    {
        SyntheticDatasets.WritePair(_temp.Path("one", "ISIC_0000001.jpg"), _temp.Path("one", "ISIC_0000001_segmentation.png"));
        SyntheticDatasets.WritePair(_temp.Path("two", "Training_Input", "ISIC_0000002.jpg"), _temp.Path("two", "Training_GroundTruth", "ISIC_0000002_segmentation.png"));
        File.WriteAllText(_temp.Path("two", "Training_Input", "LICENSE.txt"), "CC-BY-NC");

        var one = DatasetLayoutDetector.Detect(_temp.Path("one"));
        var two = DatasetLayoutDetector.Detect(_temp.Path("two"));
        Assert.Equal((DatasetLayoutKind.Isic, DatasetLayoutKind.Isic), (one.Kind, two.Kind));
        Assert.Equal(["ISIC_0000001.jpg"], one.ImageFiles().Select(Path.GetFileName));
        Assert.Equal("ISIC_0000002", two.MaskStem(two.MaskFiles().Single()));
        Assert.Contains("two folders", two.Explanation);
    }

    [Fact]
    public void Unknown_layout_lists_what_was_looked_for_and_what_is_there()
    {
        SyntheticDatasets.WritePair(_temp.Path("pictures", "a.png"), _temp.Path("labels_v2", "a.png"));
        var error = Assert.Throws<UnknownDatasetLayoutException>(() => DatasetLayoutDetector.Detect(_temp.Root));
        Assert.Contains("images/ folder with a masks/ folder", error.Message);
        Assert.Contains("Original/ with 'Ground Truth/'", error.Message);
        Assert.Contains("_segmentation", error.Message);
        Assert.Contains("labels_v2/, pictures/", error.Message);
    }

    [Fact]
    public void Two_datasets_side_by_side_is_an_error_naming_both()
    {
        SyntheticDatasets.WriteGeneric(_temp.Path("A"), ["a"]);
        SyntheticDatasets.WriteGeneric(_temp.Path("B"), ["b"], ".jpg", ".jpg");
        var error = Assert.Throws<UnknownDatasetLayoutException>(() => DatasetLayoutDetector.Detect(_temp.Root));
        Assert.Contains("more than one dataset", error.Message);
        Assert.Contains("'B/' (Kvasir-SEG)", error.Message);
    }

    [Fact]
    public void A_zip_is_extracted_safely_then_detected()
    {
        SyntheticDatasets.WriteGeneric(_temp.Path("src", "Kvasir-SEG"), ["a", "b"], ".jpg", ".jpg");
        var zip = _temp.Path("kvasir.zip");
        ZipFile.CreateFromDirectory(_temp.Path("src"), zip);
        var layout = DatasetLayoutDetector.DetectFolderOrArchive(zip, _temp.Path("extracted"));
        Assert.Equal(DatasetLayoutKind.KvasirSeg, layout.Kind);
        Assert.Equal(_temp.Path("extracted", "Kvasir-SEG"), layout.Root);
        Assert.Equal(2, layout.ImageFiles().Count);
    }
}
