using System.Runtime.InteropServices;

namespace SdSeg.Cli.Benchmarking;

/// <summary>
/// Samples the memory in use on one CUDA device through NVML (<c>libnvidia-ml.so.1</c>, shipped with the NVIDIA driver)
/// every few milliseconds and keeps the peak. TorchSharp exposes no CUDA allocator statistics, so this device-wide
/// figure (it includes the CUDA context and any other process on the GPU) is the peak this tool can report.
/// </summary>
public sealed class NvmlMemorySampler : IDisposable
{
    const string Library = "libnvidia-ml.so.1";

    [StructLayout(LayoutKind.Sequential)]
    struct NvmlMemory
    {
        public ulong Total;
        public ulong Free;
        public ulong Used;
    }

    [DllImport(Library, EntryPoint = "nvmlInit_v2")]
    static extern int NvmlInit();

    [DllImport(Library, EntryPoint = "nvmlShutdown")]
    static extern int NvmlShutdown();

    [DllImport(Library, EntryPoint = "nvmlDeviceGetHandleByIndex_v2")]
    static extern int NvmlDeviceGetHandleByIndex(uint index, out IntPtr device);

    [DllImport(Library, EntryPoint = "nvmlDeviceGetMemoryInfo")]
    static extern int NvmlDeviceGetMemoryInfo(IntPtr device, out NvmlMemory memory);

    readonly IntPtr _device;
    readonly ulong _baseline;
    readonly CancellationTokenSource _stop = new();
    readonly Thread _thread;
    ulong _peak;

    NvmlMemorySampler(IntPtr device, ulong baseline)
    {
        _device = device;
        _baseline = _peak = baseline;
        _thread = new Thread(Sample) { IsBackground = true, Name = "nvml-memory-sampler" };
        _thread.Start();
    }

    /// <summary>Starts sampling device <paramref name="index"/>, or returns null when NVML cannot be used here.</summary>
    public static NvmlMemorySampler? TryStart(int index)
    {
        try
        {
            if (NvmlInit() != 0) return null;
            if (NvmlDeviceGetHandleByIndex((uint)index, out var device) != 0 || NvmlDeviceGetMemoryInfo(device, out var memory) != 0)
            {
                NvmlShutdown();
                return null;
            }
            return new NvmlMemorySampler(device, memory.Used);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The peak in use so far above the use when sampling started, in MiB.</summary>
    public double PeakAboveBaselineMiB => (Volatile.Read(ref _peak) - _baseline) / (1024.0 * 1024.0);

    void Sample()
    {
        while (!_stop.IsCancellationRequested)
        {
            if (NvmlDeviceGetMemoryInfo(_device, out var memory) == 0 && memory.Used > Volatile.Read(ref _peak))
                Volatile.Write(ref _peak, memory.Used);
            _stop.Token.WaitHandle.WaitOne(5);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _stop.Dispose();
        NvmlShutdown();
    }
}
