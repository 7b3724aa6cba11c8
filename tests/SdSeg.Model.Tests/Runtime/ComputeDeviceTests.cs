using SdSeg.Model.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace SdSeg.Model.Tests.Runtime;

public class ComputeDeviceTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("auto")]
    [InlineData(" AUTO ")]
    public void Auto_picks_cuda_only_when_available(string? setting)
    {
        var expected = cuda.is_available() ? DeviceType.CUDA : DeviceType.CPU;
        Assert.Equal(expected, ComputeDevice.Resolve(setting).type);
    }

    [Fact]
    public void Cpu_is_always_cpu() => Assert.Equal(DeviceType.CPU, ComputeDevice.Resolve("cpu").type);

    [Fact]
    public void Cuda_without_a_gpu_is_a_clear_error_not_a_fallback()
    {
        if (cuda.is_available()) return; // Only meaningful on a CPU-only machine or build.
        var error = Assert.Throws<InvalidOperationException>(() => ComputeDevice.Resolve("cuda"));
        Assert.Contains("CUDA is not available", error.Message);
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:x")]
    public void Unknown_values_are_rejected(string setting)
    {
        var error = Assert.Throws<ArgumentException>(() => ComputeDevice.Resolve(setting));
        Assert.Contains(setting, error.Message);
    }
}
