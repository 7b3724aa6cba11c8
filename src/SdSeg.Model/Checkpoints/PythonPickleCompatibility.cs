using Razorvine.Pickle;

namespace SdSeg.Model.Checkpoints;

/// <summary>
/// Lets the pickle reader get past Python objects that Lightning checkpoints carry beside the tensors (numpy arrays and
/// scalars in scheduler states, paths and version strings in callbacks): each becomes an <see cref="OpaquePythonObject"/>
/// instead of an error. Only names that no other reader registers are claimed.
/// </summary>
public static class PythonPickleCompatibility
{
    static readonly string[] OpaqueGlobals =
    [
        "numpy.core.multiarray._reconstruct", "numpy.core.multiarray.scalar", "numpy._core.multiarray._reconstruct",
        "numpy._core.multiarray.scalar", "numpy.dtype", "numpy.ndarray", "_codecs.encode", "pathlib.PosixPath",
        "pathlib.WindowsPath", "pathlib.PurePosixPath", "torch.torch_version.TorchVersion", "torch.device",
        "collections.defaultdict", "builtins.getattr", "copyreg._reconstructor",
    ];

    static int _registered;

    /// <summary>Registers the placeholders once per process.</summary>
    public static void EnsureRegistered()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1)
            return;
        foreach (string global in OpaqueGlobals)
        {
            int dot = global.LastIndexOf('.');
            string module = global[..dot], name = global[(dot + 1)..];
            Unpickler.registerConstructor(module, name, new OpaqueConstructor(global));
        }
    }

    sealed class OpaqueConstructor(string name) : IObjectConstructor
    {
        public object construct(object[] args) => new OpaquePythonObject(name, args);
    }
}

/// <summary>A Python object from a pickle that the workbench does not interpret (kept with its constructor arguments and state).</summary>
public sealed class OpaquePythonObject(string pythonType, object[] arguments)
{
    public string PythonType { get; } = pythonType;
    public object[] Arguments { get; } = arguments;
    public object? State { get; private set; }

    /// <summary>Called by the unpickler for pickle's BUILD opcode.</summary>
#pragma warning disable IDE1006 // The unpickler looks this method up by its Python name.
    public void __setstate__(object state) => State = state;
#pragma warning restore IDE1006

    public override string ToString() => $"<{PythonType}>";
}
