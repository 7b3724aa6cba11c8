namespace SdSeg.Workbench.Datasets;

/// <summary>Tells open pages that a dataset was imported or deleted, so lists refresh in every circuit.</summary>
public sealed class DatasetChangeNotifier
{
    private readonly Lock _gate = new();
    private readonly List<Func<Task>> _subscribers = [];

    /// <summary>Calls <paramref name="onChange"/> after every change until the returned handle is disposed.</summary>
    public IDisposable Subscribe(Func<Task> onChange)
    {
        lock (_gate)
            _subscribers.Add(onChange);
        return new Subscription(this, onChange);
    }

    /// <summary>Notifies every subscriber; one failing subscriber does not stop the others.</summary>
    public async Task NotifyAsync()
    {
        Func<Task>[] current;
        lock (_gate)
            current = [.. _subscribers];
        foreach (var subscriber in current)
        {
            try
            {
                await subscriber();
            }
            catch (ObjectDisposedException)
            {
                // A circuit closed between the snapshot and the call; its subscription goes with its Dispose.
            }
        }
    }

    private void Unsubscribe(Func<Task> onChange)
    {
        lock (_gate)
            _subscribers.Remove(onChange);
    }

    private sealed class Subscription(DatasetChangeNotifier owner, Func<Task> onChange) : IDisposable
    {
        public void Dispose() => owner.Unsubscribe(onChange);
    }
}
