namespace SdSeg.Engine.Execution;

/// <summary>
/// The environment an engine process (<c>sdseg</c>) needs, which only takes effect when set before the process starts:
/// whoever starts the engine (the workbench's executor, or <c>sdseg</c> relaunching itself) sets it.
/// </summary>
public static class EngineProcessSettings
{
    /// <summary>
    /// <c>DOTNET_JITMinOpts=1</c>: TorchSharp 0.107 passes the native handles of temporary <c>Scalar</c>s (e.g. the implicit
    /// alpha of every <c>add</c>) without keeping the managed object alive, so an optimising JIT lets the finalizer free a
    /// scalar while libtorch reads it ("Unknown scalar type", or "Expected false to be true" from <c>Scalar::toFloat</c>);
    /// a 30-minute training run died of it. Unoptimised managed code keeps every temporary alive to the end of its method:
    /// in a GC-stressed loop it removed the failure (none in 1.6 M iterations, against one in about 10 000 without) at no
    /// visible cost, since the tensor work is native. The glibc settings remove the slow start of CPU training
    /// (platform notes: 19.9 -> 33.2 images/s).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Required = new Dictionary<string, string>
    {
        ["DOTNET_JITMinOpts"] = "1",
        ["MALLOC_MMAP_THRESHOLD_"] = "33554432",
        ["MALLOC_TRIM_THRESHOLD_"] = "4294967296",
        ["MALLOC_TOP_PAD_"] = "268435456",
    };

    /// <summary>True when the current process runs with every required setting.</summary>
    public static bool CurrentProcessHasThem() =>
        Required.All(kv => Environment.GetEnvironmentVariable(kv.Key) == kv.Value);
}
