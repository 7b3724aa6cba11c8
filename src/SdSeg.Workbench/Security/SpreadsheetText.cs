namespace SdSeg.Workbench.Security;

/// <summary>
/// Keeps a text cell of a CSV export from running as a spreadsheet formula: a cell that starts with <c>= + - @</c>, a tab or a carriage
/// return (an image named <c>=HYPERLINK(...)</c>) gets a leading apostrophe, which spreadsheets show as text. Only text cells pass
/// through here: numbers are written as numbers, so a Dice difference of -0.12 stays a number a spreadsheet can sum.
/// </summary>
public static class SpreadsheetText
{
    /// <summary>The cell text, prefixed with <c>'</c> when a spreadsheet would read it as a formula.</summary>
    public static string Cell(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;
    }
}
