using System.Text;
using System.Text.Json;

namespace Streaming.Web.FunctionalTests.Live;

/// <summary>
/// A broadcaster's page reduced to its signalling: a SignalR client of <c>/hubs/live</c> speaking
/// the JSON hub protocol over long polling (the .NET SignalR client package does not restore
/// here), with the instructor's cookies. It answers every relayed WHEP offer with a fixed SDP.
/// </summary>
public sealed class TestBroadcaster : IAsyncDisposable
{
    private const char Separator = '\u001e';
    private readonly HttpClient _http;
    private readonly string _url;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _completions = [];
    private Task _loop = Task.CompletedTask;
    private int _invocation;

    private TestBroadcaster(HttpClient http, string url)
    {
        _http = http;
        _url = url;
    }

    public List<Guid> Offers { get; } = [];

    /// <summary>The "candidates" messages relayed to the page: the session, the candidates (JSON) and whether they were the last.</summary>
    public List<(Guid SessionId, JsonElement Candidates, bool Ended)> Candidates { get; } = [];

    /// <summary>Connects and calls StartBroadcasting; returns the error the hub gave, or null.</summary>
    public static async Task<(TestBroadcaster Broadcaster, string? Error)> ConnectAsync(HttpClient http, Guid streamId, string answer)
    {
        var negotiate = await http.PostAsync("/hubs/live/negotiate?negotiateVersion=1", null);
        negotiate.EnsureSuccessStatusCode();
        var token = JsonDocument.Parse(await negotiate.Content.ReadAsStringAsync()).RootElement.GetProperty("connectionToken").GetString();
        var broadcaster = new TestBroadcaster(http, $"/hubs/live?id={Uri.EscapeDataString(token!)}");
        await broadcaster.SendAsync("""{"protocol":"json","version":1}""");
        // The first poll only opens the connection (empty); the handshake answer comes next.
        var handshake = "";
        for (var poll = 0; poll < 5 && handshake.Length == 0; poll++) handshake = await http.GetStringAsync(broadcaster._url);
        Assert.That(handshake, Does.StartWith("{}"), "handshake");
        broadcaster._loop = Task.Run(() => broadcaster.PollAsync(answer));
        var error = await broadcaster.InvokeAsync("StartBroadcasting", streamId.ToString());
        return (broadcaster, error);
    }

    private async Task<string?> InvokeAsync(string target, params string[] arguments)
    {
        var id = Interlocked.Increment(ref _invocation).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await SendAsync(JsonSerializer.Serialize(new { type = 1, invocationId = id, target, arguments }));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            lock (_completions)
            {
                var done = _completions.Select(c => JsonDocument.Parse(c).RootElement)
                    .FirstOrDefault(c => c.GetProperty("invocationId").GetString() == id);
                if (done.ValueKind != JsonValueKind.Undefined)
                    return done.TryGetProperty("error", out var error) ? error.GetString() : null;
            }

            await Task.Delay(20);
        }

        throw new AssertionException($"No completion for {target}.");
    }

    private async Task SendAsync(string message)
    {
        var response = await _http.PostAsync(_url, new StringContent(message + Separator, Encoding.UTF8, "text/plain"));
        response.EnsureSuccessStatusCode();
    }

    private async Task PollAsync(string answer)
    {
        while (!_stop.IsCancellationRequested)
        {
            string batch;
            try
            {
                var response = await _http.GetAsync(_url, _stop.Token);
                if (!response.IsSuccessStatusCode) return;
                batch = await response.Content.ReadAsStringAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            foreach (var message in batch.Split(Separator, StringSplitOptions.RemoveEmptyEntries))
            {
                var root = JsonDocument.Parse(message).RootElement;
                var type = root.GetProperty("type").GetInt32();
                if (type == 3)
                    lock (_completions) _completions.Add(message);
                else if (type == 1 && root.GetProperty("target").GetString() == "offer")
                {
                    var sessionId = root.GetProperty("arguments")[0].GetString()!;
                    lock (Offers) Offers.Add(Guid.Parse(sessionId));
                    _ = InvokeAsync("SendAnswer", sessionId, answer);
                }
                else if (type == 1 && root.GetProperty("target").GetString() == "candidates")
                {
                    var arguments = root.GetProperty("arguments");
                    lock (Candidates) Candidates.Add((Guid.Parse(arguments[0].GetString()!), arguments[1].Clone(), arguments[2].GetBoolean()));
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _http.DeleteAsync(_url);
        try
        {
            await _loop;
        }
        catch (HttpRequestException)
        {
            // the server closed the poll
        }

        _stop.Dispose();
    }
}
