using System.Globalization;
using MudBlazor;
using SdSeg.Workbench.Runs;

namespace SdSeg.Workbench.Components.Shared;

/// <summary>A metric over training steps, ready for a line <see cref="MudChart{T}"/>: one point per step, a few step labels, a y axis that fits.</summary>
/// <remarks>
/// MudChart's y-axis tick spacing is a whole number, so values are plotted multiplied by <see cref="Scale"/> and the axis labels and
/// tooltips divide it back out; that is what lets a Dice axis run 0.0, 0.1, ... 1.0.
/// </remarks>
public sealed record StepChart(List<ChartSeries<double>> Series, string[] Labels, LineChartOptions Options)
{
    /// <summary>The factor values are plotted at; the tooltip format's two thousands-commas divide it back out.</summary>
    public const double Scale = 1_000_000;

    /// <summary>How many step labels the x axis shows at most.</summary>
    public const int MaxLabels = 6;

    /// <summary>Up to this many points, each is drawn as a marker as well as joined by the line.</summary>
    public const int MaxMarkers = 30;

    private const string TooltipFormat = "0,,.0000";

    /// <summary>A chart of a score in [0, 1] (Dice): the axis always spans 0 to 1 in steps of 0.1.</summary>
    public static StepChart UnitInterval(string name, IReadOnlyList<ChartPoint> points) => Build(name, points, 0, 1, 0.1);

    /// <summary>A chart whose axis fits the values (a loss): about five ticks at 1, 2 or 5 times a power of ten.</summary>
    public static StepChart Fitted(string name, IReadOnlyList<ChartPoint> points)
    {
        // A diverged step can report NaN or infinity; the axis fits the values that can be drawn.
        var finite = OnePerStep(points).Select(p => p.Value).Where(double.IsFinite).ToList();
        if (finite.Count == 0)
            return Build(name, points, 0, 1, 0.2);
        var min = finite.Min();
        var max = finite.Max();
        var step = NiceStep(max > min ? (max - min) / 5 : Math.Max(Math.Abs(max), 1e-6) / 5);
        var low = Math.Floor(min / step) * step;
        var high = Math.Max(Math.Ceiling(max / step) * step, low + step);
        return Build(name, points, low, high, step);
    }

    /// <summary>The smallest of 1, 2 or 5 times a power of ten that is at least <paramref name="rough"/>.</summary>
    public static double NiceStep(double rough)
    {
        if (!(rough > 0) || double.IsInfinity(rough))
            return 1;
        var power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        foreach (var multiple in new[] { 1.0, 2.0, 5.0, 10.0 })
        {
            if (multiple * power >= rough * (1 - 1e-9))
                return multiple * power;
        }
        return 10 * power;
    }

    /// <summary>
    /// The points sorted by step with one per step (the latest reported wins: a resumed run reports the steps after its checkpoint again),
    /// labelled with their step at most <see cref="MaxLabels"/> times, evenly, always including the last.
    /// </summary>
    public static (List<ChartPoint> Points, string[] Labels) Thin(IReadOnlyList<ChartPoint> points)
    {
        var byStep = OnePerStep(points);
        // Regular labels on the points before the last, which gets its own: at most MaxLabels - 1 of them.
        var every = Math.Max(1, (int)Math.Ceiling((byStep.Count - 1) / (double)(MaxLabels - 1)));
        var labels = new string[byStep.Count];
        for (var i = 0; i < byStep.Count; i++)
        {
            var last = i == byStep.Count - 1;
            // The last step is always labelled; a regular label just before it would run into it.
            var regular = i % every == 0 && (last || byStep.Count - 1 - i >= (every + 1) / 2);
            labels[i] = last || regular ? byStep[i].Step.ToString(CultureInfo.InvariantCulture) : "";
        }
        return (byStep, labels);
    }

    private static List<ChartPoint> OnePerStep(IReadOnlyList<ChartPoint> points) =>
        points.Select((p, i) => (Point: p, Order: i)).GroupBy(x => x.Point.Step).Select(g => g.MaxBy(x => x.Order).Point).OrderBy(p => p.Step).ToList();

    private static StepChart Build(string name, IReadOnlyList<ChartPoint> points, double low, double high, double step)
    {
        var (byStep, labels) = Thin(points);
        var decimals = Math.Max(0, (int)-Math.Floor(Math.Log10(step) + 1e-9));
        var format = "F" + decimals.ToString(CultureInfo.InvariantCulture);
        var series = new List<ChartSeries<double>>
        {
            new()
            {
                Name = name,
                Data = new ChartData<double>(byStep.Select(p => p.Value * Scale).ToList()),
                TooltipYValueFormat = TooltipFormat,
            },
        };
        var options = new LineChartOptions
        {
            YAxisTicks = Math.Max(1, (int)Math.Round(step * Scale)),
            YAxisSuggestedMax = high * Scale,
            YAxisRequireZeroPoint = low <= 0,
            YAxisToStringFunc = value => (value / Scale).ToString(format, CultureInfo.InvariantCulture),
            // A single validation point draws no line; its marker is what shows it. Many markers would only blur a long curve.
            ShowDataMarkers = byStep.Count <= MaxMarkers,
            ShowLegend = false,
        };
        return new StepChart(series, labels, options);
    }

    /// <summary>The tooltip text of a plotted value, as MudChart writes it.</summary>
    public static string TooltipValue(double plotted) => plotted.ToString(TooltipFormat, CultureInfo.InvariantCulture);
}
