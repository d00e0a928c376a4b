using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Streaming.Web.FunctionalTests.Support;

/// <summary>
/// Counts the SQL commands EF Core executes, in any context, while it is alive: a fixture that uses
/// it must run alone ([NonParallelizable]) and with the background jobs off.
/// </summary>
public sealed class CommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly IDisposable _allListeners;
    private readonly List<IDisposable> _subscriptions = [];
    private int _count;

    public CommandCounter() => _allListeners = DiagnosticListener.AllListeners.Subscribe(this);

    public int Count => Volatile.Read(ref _count);

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
            lock (_subscriptions) _subscriptions.Add(listener.Subscribe(this));
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == RelationalEventId.CommandExecuted.Name) Interlocked.Increment(ref _count);
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        _allListeners.Dispose();
        lock (_subscriptions) _subscriptions.ForEach(s => s.Dispose());
    }
}
