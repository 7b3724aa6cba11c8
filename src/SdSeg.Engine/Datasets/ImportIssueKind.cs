namespace SdSeg.Engine.Datasets;

/// <summary>The kinds of problem a dataset scan reports, one entry per problem file.</summary>
public enum ImportIssueKind
{
    /// <summary>The file is not a readable image (corrupt, truncated, unsupported format); the decoder's reason is given.</summary>
    Undecodable,

    /// <summary>The header declares more pixels than the limit; the file was not decoded.</summary>
    TooLarge,

    /// <summary>An image and its mask differ in size.</summary>
    SizeMismatch,

    /// <summary>An image without a mask.</summary>
    UnpairedImage,

    /// <summary>A mask without an image.</summary>
    UnpairedMask,

    /// <summary>Two files share a stem (e.g. a.png and a.jpg), so the pairing is ambiguous.</summary>
    DuplicateStem,

    /// <summary>A file name that cannot be a stem in split files (control characters, or no name).</summary>
    UnusableName,

    /// <summary>A mask with values other than 0 and the maximum; the threshold decided those pixels (a warning).</summary>
    NonBinaryMask,

    /// <summary>A mask with no foreground (allowed; a warning).</summary>
    EmptyMask,

    /// <summary>A mask with isolated single foreground pixels, e.g. Kvasir-SEG's stray pixel at (0,0) (kept; a warning).</summary>
    StrayPixels,

    /// <summary>A file the layout does not read: hidden (its name starts with a dot), macOS metadata (__MACOSX), or in a folder the layout does not look in (a warning).</summary>
    SkippedFile,
}
