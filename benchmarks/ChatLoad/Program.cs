// Chat load: N members of one live class connected to the chat hub (spread over the given app
// instances), messages sent at a fixed rate in phases, and for each phase the messages delivered
// per second to all clients and the delivery latency (send → "message" event on each client).
//
//   dotnet run -c Release -- <streamId> <clients> <phaseSeconds> <rates e.g. 10,20,40> <url> [url…]
// (a warm-up phase at 5 msg/s comes first and is not reported)
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;

var streamId = Guid.Parse(args[0]);
var clientCount = int.Parse(args[1], CultureInfo.InvariantCulture);
var phaseSeconds = int.Parse(args[2], CultureInfo.InvariantCulture);
// A first, unreported phase warms up the JIT, the connection pools and the backplane.
var rates = args[3].Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture)).Prepend(5).ToArray();
var urls = args[4..].Select(u => new Uri(u)).ToArray();
var run = Guid.NewGuid().ToString("N")[..8];

Console.WriteLine($"{clientCount} members on {urls.Length} instance(s): signing up and enrolling through the forms…");
var members = new CookieContainer[clientCount];
await Parallel.ForEachAsync(Enumerable.Range(0, clientCount), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
    members[i] = await SignUpAndEnrollAsync(urls[0], $"chat-{run}-{i}@bench.example", streamId));

var latencies = new List<double>[rates.Length];
var lastArrival = new long[rates.Length];
for (var p = 0; p < rates.Length; p++) latencies[p] = [];
var clients = new HubConnection[clientCount];
for (var i = 0; i < clientCount; i++)
{
    var cookies = members[i];
    var connection = new HubConnectionBuilder().WithUrl(new Uri(urls[i % urls.Length], "/hubs/chat"), o => o.Cookies = cookies).Build();
    connection.On<Message>("message", m =>
    {
        var arrived = Stopwatch.GetTimestamp();
        var parts = m.Text.Split('|');
        if (parts.Length != 3 || parts[0] != run) return;
        var phase = int.Parse(parts[1], CultureInfo.InvariantCulture);
        var sent = long.Parse(parts[2], CultureInfo.InvariantCulture);
        var ms = Stopwatch.GetElapsedTime(sent, arrived).TotalMilliseconds;
        lock (latencies[phase])
        {
            latencies[phase].Add(ms);
            lastArrival[phase] = Math.Max(lastArrival[phase], arrived);
        }
    });
    await connection.StartAsync();
    await connection.InvokeAsync<object>("Join", streamId);
    clients[i] = connection;
}

Console.WriteLine($"{clientCount} clients connected and joined. Phases of {phaseSeconds} s.");
Console.WriteLine("| offered msg/s | sent | refused | deliveries | delivered msg/s (all clients) | p50 ms | p99 ms | max ms |");
Console.WriteLine("|---|---|---|---|---|---|---|---|");
var next = 0;
for (var p = 0; p < rates.Length; p++)
{
    var rate = rates[p];
    var total = rate * phaseSeconds;
    var sends = new List<Task>(total);
    var refused = 0;
    var clock = Stopwatch.StartNew();
    var started = Stopwatch.GetTimestamp();
    for (var k = 0; k < total; k++)
    {
        var due = TimeSpan.FromSeconds((double)k / rate);
        if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed);
        // Round robin: each member sends at most rate/clients messages a second (the limit is 5 per 10 s).
        var sender = clients[next++ % clientCount];
        var text = $"{run}|{p}|{Stopwatch.GetTimestamp()}";
        sends.Add(sender.InvokeAsync<object>("Send", streamId, text).ContinueWith(t =>
        {
            if (t.IsFaulted) Interlocked.Increment(ref refused);
        }, TaskScheduler.Default));
    }

    await Task.WhenAll(sends);
    var expected = (long)(total - refused) * clientCount;
    var drain = Stopwatch.StartNew();
    while (Count(latencies[p]) < expected && drain.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(50);
    double[] sorted;
    TimeSpan took;
    lock (latencies[p])
    {
        sorted = latencies[p].OrderBy(x => x).ToArray();
        took = Stopwatch.GetElapsedTime(started, lastArrival[p]); // first send to last delivery
    }

    if (p > 0) Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {rate} | {total - refused} | {refused} | {sorted.Length} of {expected} | {sorted.Length / Math.Max(took.TotalSeconds, 0.001):0} | {Percentile(sorted, 0.50):0} | {Percentile(sorted, 0.99):0} | {(sorted.Length == 0 ? 0 : sorted[^1]):0} |"));
    await Task.Delay(TimeSpan.FromSeconds(10)); // a fresh rate-limit window for every member before the next phase
}

foreach (var client in clients) await client.DisposeAsync();
return;

static int Count(List<double> list)
{
    lock (list) return list.Count;
}

static double Percentile(double[] sorted, double q) =>
    sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];

static async Task<CookieContainer> SignUpAndEnrollAsync(Uri baseUrl, string email, Guid streamId)
{
    var cookies = new CookieContainer();
    using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = baseUrl };
    const string password = "Bench-pass-1";
    var token = Token(await http.GetStringAsync("/account/register"));
    var signUp = await http.PostAsync("/account/register", new FormUrlEncodedContent(new Dictionary<string, string>
    {
        ["__RequestVerificationToken"] = token, ["DisplayName"] = email.Split('@')[0], ["Email"] = email,
        ["Password"] = password, ["ConfirmPassword"] = password,
    }));
    if (signUp.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"sign-up of {email}: {signUp.StatusCode}");
    token = Token(await http.GetStringAsync($"/streams/{streamId}"));
    var enroll = await http.PostAsync($"/streams/{streamId}/enroll", new FormUrlEncodedContent(new Dictionary<string, string>
    {
        ["__RequestVerificationToken"] = token, ["expectedPrice"] = "0",
    }));
    if (enroll.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"enrollment of {email}: {enroll.StatusCode}");
    return cookies;
}

static string Token(string html) =>
    Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;

internal sealed record Message(Guid Id, string Text);
