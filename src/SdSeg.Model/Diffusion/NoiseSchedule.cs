using SdSeg.Model.Configuration;
using TorchSharp;
using static TorchSharp.torch;

namespace SdSeg.Model.Diffusion;

/// <summary>
/// The DDPM noise schedule of the official code (<c>make_beta_schedule</c> and <c>DDPM.register_schedule</c> with
/// v_posterior 0): computed in float64 and stored as float32 tensors of length T under the official buffer names.
/// </summary>
public sealed class NoiseSchedule
{
    /// <summary>The official buffer names, in the order <c>register_schedule</c> registers them.</summary>
    public static readonly IReadOnlyList<string> BufferNames =
    [
        "betas", "alphas_cumprod", "alphas_cumprod_prev", "sqrt_alphas_cumprod", "sqrt_one_minus_alphas_cumprod",
        "log_one_minus_alphas_cumprod", "sqrt_recip_alphas_cumprod", "sqrt_recipm1_alphas_cumprod", "posterior_variance",
        "posterior_log_variance_clipped", "posterior_mean_coef1", "posterior_mean_coef2",
    ];

    readonly IReadOnlyDictionary<string, Tensor> _buffers;

    NoiseSchedule(IReadOnlyDictionary<string, Tensor> buffers)
    {
        _buffers = buffers;
        NumTimesteps = (int)buffers["betas"].shape[0];
    }

    public int NumTimesteps { get; }

    public Tensor Betas => _buffers["betas"];
    public Tensor AlphasCumprod => _buffers["alphas_cumprod"];
    public Tensor AlphasCumprodPrev => _buffers["alphas_cumprod_prev"];
    public Tensor SqrtAlphasCumprod => _buffers["sqrt_alphas_cumprod"];
    public Tensor SqrtOneMinusAlphasCumprod => _buffers["sqrt_one_minus_alphas_cumprod"];
    public Tensor LogOneMinusAlphasCumprod => _buffers["log_one_minus_alphas_cumprod"];
    public Tensor SqrtRecipAlphasCumprod => _buffers["sqrt_recip_alphas_cumprod"];
    public Tensor SqrtRecipm1AlphasCumprod => _buffers["sqrt_recipm1_alphas_cumprod"];
    public Tensor PosteriorVariance => _buffers["posterior_variance"];
    public Tensor PosteriorLogVarianceClipped => _buffers["posterior_log_variance_clipped"];
    public Tensor PosteriorMeanCoef1 => _buffers["posterior_mean_coef1"];
    public Tensor PosteriorMeanCoef2 => _buffers["posterior_mean_coef2"];

    /// <summary>The buffers by official name (float32, shape [T]).</summary>
    public IReadOnlyDictionary<string, Tensor> Buffers => _buffers;

    /// <summary>The schedule an SDSeg configuration names (only the "linear" beta schedule is supported).</summary>
    public static NoiseSchedule FromConfig(SdSegConfig config, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!string.Equals(config.BetaSchedule, "linear", StringComparison.Ordinal))
            throw new NotSupportedException(
                $"Beta schedule '{config.BetaSchedule}' is not supported: SDSeg uses 'linear' (linspace of square roots, squared).");
        return Linear(config.Timesteps, config.LinearStart, config.LinearEnd, device);
    }

    /// <summary>
    /// The official "linear" schedule: betas = linspace(sqrt(start), sqrt(end), T, float64)^2, and every derived
    /// buffer computed in float64 as <c>register_schedule</c> does, then rounded to float32.
    /// </summary>
    public static NoiseSchedule Linear(int timesteps, double linearStart, double linearEnd, Device? device = null)
    {
        if (timesteps < 2)
            throw new ArgumentOutOfRangeException(nameof(timesteps), timesteps, "A noise schedule needs at least 2 timesteps.");
        if (!(linearStart > 0 && linearEnd > linearStart && linearEnd < 1))
            throw new ArgumentException(
                $"Linear schedule bounds must satisfy 0 < start < end < 1; got start {linearStart}, end {linearEnd}.");

        using var scope = NewDisposeScope();
        var betas = linspace(Math.Sqrt(linearStart), Math.Sqrt(linearEnd), timesteps, float64).pow(2);
        var alphas = 1.0 - betas;
        var alphasCumprod = alphas.cumprod(0);
        var alphasCumprodPrev = cat([ones(1, float64), alphasCumprod.narrow(0, 0, timesteps - 1)]);
        var oneMinusCumprod = 1.0 - alphasCumprod;
        var posteriorVariance = betas * (1.0 - alphasCumprodPrev) / oneMinusCumprod;

        var computed = new Dictionary<string, Tensor>
        {
            ["betas"] = betas,
            ["alphas_cumprod"] = alphasCumprod,
            ["alphas_cumprod_prev"] = alphasCumprodPrev,
            ["sqrt_alphas_cumprod"] = alphasCumprod.sqrt(),
            ["sqrt_one_minus_alphas_cumprod"] = oneMinusCumprod.sqrt(),
            ["log_one_minus_alphas_cumprod"] = oneMinusCumprod.log(),
            ["sqrt_recip_alphas_cumprod"] = (1.0 / alphasCumprod).sqrt(),
            ["sqrt_recipm1_alphas_cumprod"] = (1.0 / alphasCumprod - 1.0).sqrt(),
            ["posterior_variance"] = posteriorVariance,
            ["posterior_log_variance_clipped"] = posteriorVariance.clamp_min(1e-20).log(),
            ["posterior_mean_coef1"] = betas * alphasCumprodPrev.sqrt() / oneMinusCumprod,
            ["posterior_mean_coef2"] = (1.0 - alphasCumprodPrev) * alphas.sqrt() / oneMinusCumprod,
        };
        var stored = new Dictionary<string, Tensor>();
        foreach (string name in BufferNames)
            stored[name] = computed[name].to(float32).to(device ?? CPU).DetachFromDisposeScope();
        return new NoiseSchedule(stored);
    }

    /// <summary>A view over existing buffers (e.g. those a module registered and moved), looked up by official name.</summary>
    public static NoiseSchedule FromBuffers(Func<string, Tensor?> lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        var buffers = new Dictionary<string, Tensor>();
        foreach (string name in BufferNames)
            buffers[name] = lookup(name) ?? throw new ArgumentException($"Noise schedule buffer '{name}' is missing.", nameof(lookup));
        return new NoiseSchedule(buffers);
    }

    /// <summary>
    /// The official <c>extract_into_tensor</c>: <paramref name="coefficients"/>[t] for each sample, shaped
    /// [B, 1, ..., 1] with <paramref name="targetRank"/> dimensions so it broadcasts over a batch of that rank.
    /// The result is on <paramref name="t"/>'s device.
    /// </summary>
    public Tensor Gather(Tensor coefficients, Tensor t, int targetRank)
    {
        ArgumentNullException.ThrowIfNull(coefficients);
        CheckTimesteps(t);
        if (targetRank < 1)
            throw new ArgumentOutOfRangeException(nameof(targetRank), targetRank, "The target rank must be at least 1.");
        var source = coefficients.device == t.device ? coefficients : coefficients.to(t.device);
        var index = t.dtype == int64 ? t : t.to(int64);
        var shape = new long[targetRank];
        Array.Fill(shape, 1L);
        shape[0] = t.shape[0];
        return source.gather(-1, index).reshape(shape);
    }

    /// <summary>Forward diffusion q(z_t | z_0): sqrt(a_t) z_0 + sqrt(1 - a_t) noise.</summary>
    public Tensor QSample(Tensor x0, Tensor t, Tensor noise)
    {
        ArgumentNullException.ThrowIfNull(x0);
        ArgumentNullException.ThrowIfNull(noise);
        CheckBatch(x0, t);
        return Gather(SqrtAlphasCumprod, t, (int)x0.dim()) * x0 + Gather(SqrtOneMinusAlphasCumprod, t, (int)x0.dim()) * noise;
    }

    /// <summary>The official <c>predict_start_from_noise</c>: sqrt(1/a_t) z_t - sqrt(1/a_t - 1) eps.</summary>
    public Tensor PredictStartFromNoise(Tensor xt, Tensor t, Tensor noise)
    {
        ArgumentNullException.ThrowIfNull(xt);
        ArgumentNullException.ThrowIfNull(noise);
        CheckBatch(xt, t);
        return Gather(SqrtRecipAlphasCumprod, t, (int)xt.dim()) * xt - Gather(SqrtRecipm1AlphasCumprod, t, (int)xt.dim()) * noise;
    }

    void CheckTimesteps(Tensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (t.dim() != 1)
            throw new ArgumentException($"Timesteps must be a 1-D tensor of shape [B]; got shape [{string.Join(", ", t.shape)}].", nameof(t));
        if (t.is_floating_point() || t.is_complex() || t.dtype == ScalarType.Bool)
            throw new ArgumentException($"Timesteps must be an integer tensor; got {t.dtype}.", nameof(t));
        if (t.numel() == 0)
            return;
        long min = t.min().to(int64).item<long>(), max = t.max().to(int64).item<long>();
        if (min < 0 || max >= NumTimesteps)
            throw new ArgumentOutOfRangeException(nameof(t), $"Timesteps must lie in [0, {NumTimesteps - 1}]; got values in [{min}, {max}].");
    }

    static void CheckBatch(Tensor x, Tensor t)
    {
        if (x.dim() < 1 || t.dim() != 1 || x.shape[0] != t.shape[0])
            throw new ArgumentException(
                $"Batch size mismatch: the tensor has shape [{string.Join(", ", x.shape)}] but timesteps have shape [{string.Join(", ", t.shape)}].");
    }
}
