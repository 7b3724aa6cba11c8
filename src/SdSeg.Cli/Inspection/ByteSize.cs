using System.Globalization;

namespace SdSeg.Cli.Inspection;

/// <summary>Human-readable byte and count formatting for console tables.</summary>
public static class ByteSize
{
    public static string Format(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? $"{bytes} B" : string.Create(CultureInfo.InvariantCulture, $"{value:F1} {units[unit]}");
    }

    /// <summary>A count with thousands separators and, from a million on, its size in millions (e.g. "1,234,567 (1.2M)").</summary>
    public static string Count(long count) =>
        count >= 1_000_000
            ? string.Create(CultureInfo.InvariantCulture, $"{count:N0} ({count / 1e6:F1}M)")
            : count.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A count in millions with one decimal (e.g. "412.3M").</summary>
    public static string Millions(long count) => string.Create(CultureInfo.InvariantCulture, $"{count / 1e6:F1}M");
}
