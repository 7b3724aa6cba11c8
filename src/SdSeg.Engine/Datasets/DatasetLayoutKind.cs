namespace SdSeg.Engine.Datasets;

/// <summary>The distribution layouts <see cref="DatasetLayoutDetector"/> recognises.</summary>
public enum DatasetLayoutKind
{
    /// <summary><c>images/</c> and <c>masks/</c>, paired by file stem.</summary>
    Generic,

    /// <summary>Kvasir-SEG: <c>images/*.jpg</c> and <c>masks/*.jpg</c> (lossy JPEG masks).</summary>
    KvasirSeg,

    /// <summary>CVC-ClinicDB: <c>Original/</c> and <c>Ground Truth/</c> (PNG in the Kaggle release, TIFF in the original one).</summary>
    CvcClinicDb,

    /// <summary>REFUGE2: <c>images/</c> and <c>masks/</c> with PNG masks named like g0001, n0001, V0001, T0001.</summary>
    Refuge2,

    /// <summary>ISIC: <c>&lt;id&gt;.jpg</c> with <c>&lt;id&gt;_segmentation.png</c>, in one folder or two.</summary>
    Isic,
}
