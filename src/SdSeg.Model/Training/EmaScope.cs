namespace SdSeg.Model.Training;

/// <summary>Restores a module's own weights when an EMA scope (<see cref="EmaWeights.Apply"/>) ends.</summary>
public sealed class EmaScope(Action restore) : IDisposable
{
    Action? _restore = restore;

    public void Dispose()
    {
        _restore?.Invoke();
        _restore = null;
    }
}
