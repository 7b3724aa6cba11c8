using System.Globalization;

namespace SdSeg.Engine.Datasets;

/// <summary>Train/validation/test shares; each in [0,1], summing to 1 (default 0.8/0.1/0.1, as the official Kvasir-SEG split).</summary>
public sealed record SplitProportions
{
    public static SplitProportions Default { get; } = new(0.8, 0.1, 0.1);

    public SplitProportions(double train, double validation, double test)
    {
        foreach (var (name, value) in new[] { ("train", train), ("validation", validation), ("test", test) })
        {
            if (!double.IsFinite(value) || value < 0 || value > 1)
            {
                throw new ArgumentOutOfRangeException(name, value, $"The {name} proportion must be between 0 and 1, got {value.ToString(CultureInfo.InvariantCulture)}.");
            }
        }

        if (Math.Abs(train + validation + test - 1) > 1e-6)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Split proportions must sum to 1, got {train} + {validation} + {test} = {train + validation + test}."));
        }

        if (train <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(train), train, "The train proportion must be above 0.");
        }

        (Train, Validation, Test) = (train, validation, test);
    }

    public double Train { get; }

    public double Validation { get; }

    public double Test { get; }

    /// <summary>Subset sizes for <paramref name="count"/> samples by largest remainder (ties: train, validation, test), then moved so
    /// that every subset with a non-zero share gets at least one sample when there are enough samples.</summary>
    public (int Train, int Validation, int Test) Counts(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        double[] shares = [Train, Validation, Test];
        var sizes = shares.Select(s => (int)Math.Floor(s * count)).ToArray();
        var remainders = Enumerable.Range(0, 3).OrderByDescending(i => (shares[i] * count) - sizes[i]).ThenBy(i => i).ToArray();
        for (var k = 0; sizes.Sum() < count; k++)
        {
            sizes[remainders[k % 3]]++;
        }

        if (count >= shares.Count(s => s > 0))
        {
            for (var i = 0; i < 3; i++)
            {
                if (shares[i] > 0 && sizes[i] == 0)
                {
                    sizes[Array.IndexOf(sizes, sizes.Max())]--;
                    sizes[i]++;
                }
            }
        }

        return (sizes[0], sizes[1], sizes[2]);
    }
}
