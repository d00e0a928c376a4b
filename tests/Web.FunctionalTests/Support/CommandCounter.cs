using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Streaming.Web.FunctionalTests.Support;

/// <summary>
/// Counts (and keeps, with copies of their parameters) the SQL commands EF Core executes, in any
/// context, while it is alive: a fixture that uses it must run alone ([NonParallelizable]) and with
/// the background jobs off.
/// </summary>
public sealed class CommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly IDisposable _allListeners;
    private readonly List<IDisposable> _subscriptions = [];
    private readonly List<RecordedCommand> _commands = [];
    private int _count;

    public CommandCounter() => _allListeners = DiagnosticListener.AllListeners.Subscribe(this);

    public int Count => Volatile.Read(ref _count);

    public IReadOnlyList<RecordedCommand> Commands
    {
        get
        {
            lock (_commands) return _commands.ToList();
        }
    }

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
            lock (_subscriptions) _subscriptions.Add(listener.Subscribe(this));
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key != RelationalEventId.CommandExecuted.Name) return;
        Interlocked.Increment(ref _count);
        if (value.Value is CommandExecutedEventData executed)
        {
            var parameters = executed.Command.Parameters.OfType<NpgsqlParameter>().Select(p => p.Clone()).ToList();
            lock (_commands) _commands.Add(new RecordedCommand(executed.Command.CommandText, parameters));
        }
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

public sealed record RecordedCommand(string Text, IReadOnlyList<NpgsqlParameter> Parameters);
