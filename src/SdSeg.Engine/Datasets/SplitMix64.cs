namespace SdSeg.Engine.Datasets;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood 2014): a tiny, fully specified generator, so a seed gives the same sequence on every machine
/// and .NET version. (System.Random(seed) happens to be stable too, but its algorithm is an implementation detail.)
/// </summary>
public sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A uniform integer in [0, <paramref name="bound"/>), without modulo bias (rejection sampling).</summary>
    public int NextBelow(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        var b = (ulong)bound;
        var threshold = (0UL - b) % b; // 2^64 mod b: values below it would over-represent small results
        while (true)
        {
            var r = NextUInt64();
            if (r >= threshold)
            {
                return (int)(r % b);
            }
        }
    }
}
