namespace SdSeg.Workbench.Runs;

/// <summary>Tells open pages that a run changed (queued, started, progressed, finished), so they re-render in every circuit.</summary>
public sealed class RunNotifier
{
    private readonly Lock _gate = new();
    private readonly List<Func<int, Task>> _subscribers = [];

    /// <summary>Calls <paramref name="onChange"/> with the run's id after every change until the returned handle is disposed.</summary>
    public IDisposable Subscribe(Func<int, Task> onChange)
    {
        lock (_gate)
            _subscribers.Add(onChange);
        return new Subscription(this, onChange);
    }

    /// <summary>Notifies every subscriber; one failing subscriber does not stop the others.</summary>
    public async Task NotifyAsync(int runId)
    {
        Func<int, Task>[] current;
        lock (_gate)
            current = [.. _subscribers];
        foreach (var subscriber in current)
        {
            try
            {
                await subscriber(runId);
            }
            catch (ObjectDisposedException)
            {
                // A circuit closed between the snapshot and the call; its subscription goes with its Dispose.
            }
        }
    }

    private void Unsubscribe(Func<int, Task> onChange)
    {
        lock (_gate)
            _subscribers.Remove(onChange);
    }

    private sealed class Subscription(RunNotifier owner, Func<int, Task> onChange) : IDisposable
    {
        public void Dispose() => owner.Unsubscribe(onChange);
    }
}
