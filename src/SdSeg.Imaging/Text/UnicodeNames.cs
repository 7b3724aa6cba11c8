using System.Text;

namespace SdSeg.Imaging.Text;

/// <summary>
/// Rules for names people choose or files bring (dataset, account and file names): one Unicode form (NFC), so that "é" typed
/// and "é" decomposed are the same name, and no bidirectional controls, which make a name display as something it is not
/// (a right-to-left override turns "exe.png" into "gnp.exe").
/// </summary>
public static class UnicodeNames
{
    /// <summary>The name in Unicode normalization form C.</summary>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.IsNormalized(NormalizationForm.FormC) ? name : name.Normalize(NormalizationForm.FormC);
    }

    /// <summary>The first bidirectional control character in <paramref name="name"/> (e.g. U+202E RIGHT-TO-LEFT OVERRIDE), or null.</summary>
    public static char? FindBidiControl(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var c in name)
            if (IsBidiControl(c))
                return c;
        return null;
    }

    /// <summary>Why <paramref name="name"/> cannot be used (a bidirectional control or another invisible format character), or null.</summary>
    public static string? Problem(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (FindBidiControl(name) is { } bidi)
            return $"contains the invisible direction control U+{(int)bidi:X4}, which makes a name display as something it is not";
        foreach (var c in name)
            if (char.IsControl(c))
                return $"contains the control character U+{(int)c:X4}";
        return null;
    }

    // ALM, LRM, RLM, the embeddings and overrides LRE..RLO, the isolates LRI..PDI.
    private static bool IsBidiControl(char c) =>
        c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
