using System.Collections.Concurrent;

namespace SdSeg.Workbench.Accounts;

/// <summary>
/// Ends the live Blazor circuits of an account whose sessions were revoked (locked, logged out, password changed or reset): a
/// circuit keeps the principal it started with, so without this a locked user's open tab would go on browsing. Each signed-in
/// layout subscribes with its account id and reloads to the sign-in page when told.
/// </summary>
public sealed class SessionRevocation
{
    private readonly ConcurrentDictionary<Subscription, byte> subscriptions = new();

    /// <summary>Calls <paramref name="onRevoked"/> when the sessions of <paramref name="userId"/> are revoked; dispose to stop.</summary>
    public IDisposable Subscribe(string userId, Func<Task> onRevoked)
    {
        var subscription = new Subscription(this, userId, onRevoked);
        subscriptions[subscription] = 0;
        return subscription;
    }

    /// <summary>Tells every live circuit of <paramref name="userId"/> that its session is over.</summary>
    public void Revoke(string userId)
    {
        foreach (var subscription in subscriptions.Keys.Where(s => s.UserId == userId))
            _ = NotifyAsync(subscription);
    }

    private static async Task NotifyAsync(Subscription subscription)
    {
        try
        {
            await subscription.OnRevoked();
        }
        catch (ObjectDisposedException)
        {
            // The circuit closed on its own meanwhile.
        }
    }

    private sealed class Subscription(SessionRevocation owner, string userId, Func<Task> onRevoked) : IDisposable
    {
        public string UserId { get; } = userId;

        public Func<Task> OnRevoked { get; } = onRevoked;

        public void Dispose() => owner.subscriptions.TryRemove(this, out _);
    }
}
