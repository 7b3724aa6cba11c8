namespace SdSeg.Workbench.Components.Pages.Datasets;

/// <summary>Where a dataset upload stands in the upload panel.</summary>
public enum UploadStage
{
    /// <summary>Waiting for a zip to be dropped or chosen.</summary>
    Waiting,

    /// <summary>The zip is streaming to the server.</summary>
    Receiving,

    /// <summary>Extracting, detecting the layout and scanning.</summary>
    Inspecting,

    /// <summary>The report (or the refusal) is shown; the user decides.</summary>
    Inspected,

    /// <summary>Writing the dataset, thumbnails and split.</summary>
    Importing,
}
