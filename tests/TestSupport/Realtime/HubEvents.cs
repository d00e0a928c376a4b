using Microsoft.AspNetCore.SignalR.Client;
using NUnit.Framework;

namespace Streaming.TestSupport.Realtime;

/// <summary>Everything one hub event brought to a SignalR client, and a way to wait for a given one.</summary>
public sealed class HubEvents<T>
{
    private readonly List<T> _items = [];
    private readonly SemaphoreSlim _arrived = new(0);

    public HubEvents(HubConnection connection, string name) => connection.On<T>(name, Record);

    /// <summary>Adds an item (for events with several arguments, recorded by the test's own handler).</summary>
    public void Record(T item)
    {
        lock (_items) _items.Add(item);
        _arrived.Release();
    }

    public IReadOnlyList<T> Items
    {
        get
        {
            lock (_items) return _items.ToList();
        }
    }

    /// <summary>The first item that matches, waiting for it up to <paramref name="within"/> (15 s by default).</summary>
    public async Task<T> WaitForAsync(Func<T, bool> match, TimeSpan? within = null)
    {
        using var deadline = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            lock (_items)
            {
                var index = _items.FindIndex(item => match(item));
                if (index >= 0) return _items[index];
            }

            try
            {
                await _arrived.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new AssertionException($"No matching {typeof(T).Name} arrived; got {Items.Count} other(s).");
            }
        }
    }
}
