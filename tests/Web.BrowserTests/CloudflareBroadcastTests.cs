using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;
using Streaming.Domain.Users;
using Streaming.Infrastructure.Data;
using Streaming.TestSupport.Live.Cloudflare;
using Streaming.Web.BrowserTests.Support;

namespace Streaming.Web.BrowserTests;

/// <summary>
/// The browser side of Cloudflare mode, through the app's real endpoints on a real port: the class's
/// live input is created by the app's Cloudflare adapter against <see cref="FakeCloudflareApi"/>, whose
/// WHIP and WHEP URLs are the production ones (<c>https://customer-{code}.cloudflarestream.com/…</c>,
/// so the app's Content-Security-Policy is the production one too). Chromium resolves that host to a
/// local HTTPS server (<see cref="MediaEdge"/>) that speaks standard WHIP/WHEP, with CORS as a browser
/// needs it; its SDP answers come from an "edge" page, a plain page whose peer connections stand in
/// for Cloudflare: it receives what the instructor publishes and forwards it to the viewers. Proves
/// that the instructor's "Go live" publishes the fake camera over WHIP (the edge decodes its frames),
/// the page shows it connected and the class is Live; that the member's watch page plays the input's
/// WHEP URL (the member decodes the instructor's video as relayed by the edge) and never sees the WHIP
/// URL; and that "End stream" DELETEs the WHIP session.
/// </summary>
public class CloudflareBroadcastTests : LiveBrowserTestBase
{
    private FakeCloudflareApi _api = null!;
    private MediaEdge _edge = null!;

    protected override async Task ConfigureAsync(StreamingWebFactory factory)
    {
        _api = await FakeCloudflareApi.StartAsync();
        _edge = await MediaEdge.StartAsync(path => _api.Inputs.Any(i =>
            path == new Uri(FakeCloudflareApi.WhipUrlOf(i.Uid)).AbsolutePath || path == new Uri(FakeCloudflareApi.WhepUrlOf(i.Uid)).AbsolutePath));
        // Generous: a stall of a loaded machine must not turn creating the live input into a timeout.
        foreach (var (key, value) in _api.Settings(TimeSpan.FromSeconds(15))) factory.Settings[key] = value;
    }

    /// <summary>Cloudflare's media host, as the app's WHIP/WHEP URLs name it, is served by the local edge.</summary>
    protected override string[] BrowserArgs => [.. Chromium.WebRtcArgs, $"--host-resolver-rules=MAP {MediaEdge.Host} 127.0.0.1:{_edge.HttpsPort}"];

    /// <summary>The edge's certificate is self-signed for Cloudflare's host name: the stand-in for a trusted CA.</summary>
    protected override BrowserNewContextOptions ContextOptions()
    {
        var options = base.ContextOptions();
        options.IgnoreHTTPSErrors = true;
        return options;
    }

    protected override async Task StopExtrasAsync()
    {
        if (_edge is not null) await _edge.DisposeAsync();
        if (_api is not null) await _api.DisposeAsync();
    }

    [Test]
    public async Task Instructor_publishes_over_WHIP_member_plays_over_WHEP_ending_deletes_the_WHIP_session()
    {
        var instructorEmail = $"coach-{Guid.NewGuid():N}@example.test";
        var memberEmail = $"member-{Guid.NewGuid():N}@example.test";
        var instructorId = await CreateUserAsync(instructorEmail, "Coach Cloudflare", Roles.Instructor);
        var memberId = await CreateUserAsync(memberEmail, "Member Cloudflare", Roles.Member);
        var streamId = await ScheduleWithEnrollmentAsync(instructorId, memberId, "Sunrise flow (Cloudflare test)");
        var input = await InputAsync(streamId);
        Assert.That(input.PublishUrl, Is.EqualTo(FakeCloudflareApi.WhipUrlOf(input.InputId)), "the app keeps the WHIP URL Cloudflare handed out");
        Assert.That(input.PlaybackUrl, Is.EqualTo(FakeCloudflareApi.WhepUrlOf(input.InputId)));
        var whipPath = new Uri(input.PublishUrl).AbsolutePath;
        var whepPath = new Uri(input.PlaybackUrl).AbsolutePath;

        var problems = new ConcurrentQueue<string>();
        var (edgeContext, edgePage) = await Chromium.MonitoredPageAsync(
            Browser, new BrowserNewContextOptions { Permissions = ["camera", "microphone"] }, problems, "edge");
        await using var ___ = Chromium.ClosesAtEnd(edgeContext);
        await edgePage.GotoAsync(_edge.PageUrl.ToString());
        await edgePage.EvaluateAsync(MediaEdge.PageScript);
        _edge.Page = edgePage;

        var (broadcasterContext, broadcaster) = await SignedInPageAsync(instructorEmail, problems, "broadcaster");
        var (viewerContext, viewer) = await SignedInPageAsync(memberEmail, problems, "viewer");
        await using var _ = Chromium.ClosesAtEnd(broadcasterContext);
        await using var __ = Chromium.ClosesAtEnd(viewerContext);
        var viewerRequests = new ConcurrentQueue<string>();
        viewer.Request += (_, request) => viewerRequests.Enqueue(request.Url);

        try
        {
            // The member waits on the watch page: it names the WHEP URL, never the WHIP URL.
            await viewer.GotoAsync($"/streams/{streamId}/watch");
            Assert.That(await viewer.Locator("#watch").GetAttributeAsync("data-whep-url"), Is.EqualTo(input.PlaybackUrl),
                "in Cloudflare mode the watch page plays the input's WHEP URL");
            await AssertNoWhipUrlAsync(viewer, input.PublishUrl, $"/streams/{streamId}/watch", "the watch page before the class");

            // The instructor's page has the WHIP URL; "Go live" publishes the fake camera to it.
            await broadcaster.GotoAsync($"/instructor/streams/{streamId}/broadcast");
            Assert.That(await broadcaster.Locator("#broadcast").GetAttributeAsync("data-whip-url"), Is.EqualTo(input.PublishUrl),
                "the owner's broadcast page carries the WHIP URL");
            var goLive = broadcaster.Locator("#go-live");
            await Assertions.Expect(goLive).ToBeEnabledAsync(new() { Timeout = 30_000 });
            broadcaster.Dialog += async (_, dialog) => await dialog.AcceptAsync(); // the class is an hour away: "Go live now anyway?"
            await goLive.ClickAsync();
            await Assertions.Expect(broadcaster.Locator("#connection-state")).ToHaveAttributeAsync("data-state", "connected", new() { Timeout = 30_000 });
            await Assertions.Expect(broadcaster.Locator("#connection-state")).ToHaveTextAsync("Sending to Cloudflare Stream");
            Assert.That((await StreamAsync(streamId)).Status, Is.EqualTo(StreamStatus.Live), "the class is live once the video reaches Cloudflare");

            var publish = _edge.Requests.Where(r => r.Method == "POST" && r.Path == whipPath).ToList();
            Assert.That(publish, Has.Count.EqualTo(1), $"one WHIP offer. Edge saw:\n{_edge.Describe()}");
            Assert.That(publish[0].Host, Is.EqualTo(MediaEdge.Host), "the browser spoke to Cloudflare's media host by name (TLS, CORS, CSP as in production)");
            Assert.That(publish[0].ContentType, Is.EqualTo("application/sdp"));
            Assert.That(publish[0].Status, Is.EqualTo(201));
            Assert.That(_edge.Requests.Any(r => r.Method == "OPTIONS" && r.Path == whipPath), Is.True,
                "a cross-origin application/sdp POST needs a CORS preflight, which Cloudflare answers");

            // The edge decodes the instructor's camera.
            await WaitUntilAsync(edgePage, "async () => (await window.edge.framesPublished()) > 0", "the edge to decode the instructor's video",
                () => edgePage.EvaluateAsync<string>("() => window.edge.describe()"));

            // The member's page (told over SignalR that the class is live) plays the WHEP URL and decodes frames.
            var watch = Stopwatch.StartNew();
            var frames = 0;
            while (frames == 0)
            {
                if (watch.Elapsed > TimeSpan.FromSeconds(30))
                {
                    Assert.Fail($"The member decoded no video frame within 30 s. Player: {await viewer.Locator("#player-state").InnerTextAsync()}\n" +
                                $"Edge: {await edgePage.EvaluateAsync<string>("() => window.edge.describe()")}\nEdge saw:\n{_edge.Describe()}");
                }

                await Task.Delay(100);
                frames = await viewer.EvaluateAsync<int>("async () => (await window.streamingPlayer?.stats())?.framesDecoded ?? 0");
            }

            TestContext.Out.WriteLine($"The member decoded a first frame {watch.ElapsedMilliseconds} ms after the edge did");
            var play = _edge.Requests.Where(r => r.Method == "POST" && r.Path == whepPath).ToList();
            Assert.That(play, Is.Not.Empty, $"the player posted its offer to the WHEP URL. Edge saw:\n{_edge.Describe()}");
            Assert.That(play.Select(r => r.Status), Has.All.EqualTo(201));

            // The WHIP URL is the instructor's secret: nothing the member loads carries it, nor did the member's browser ask for it.
            await AssertNoWhipUrlAsync(viewer, input.PublishUrl, $"/streams/{streamId}/watch", "the watch page of the live class");
            await AssertNoWhipUrlAsync(viewer, input.PublishUrl, $"/streams/{streamId}", "the class's details page");
            var secret = whipPath.Split('/', StringSplitOptions.RemoveEmptyEntries)[0];
            Assert.That(viewerRequests.Where(u => u.Contains(secret, StringComparison.Ordinal)), Is.Empty, "the member's browser never requested the WHIP URL");

            // The instructor ends the class (confirming the dialog): the page DELETEs its WHIP session.
            var location = publish[0].Location!;
            broadcaster.Dialog += (_, dialog) => dialog.AcceptAsync();
            await broadcaster.Locator("#end-stream").ClickAsync();
            await Assertions.Expect(broadcaster.Locator("#live-status")).ToHaveTextAsync("Ended", new() { Timeout = 30_000 });
            Assert.That((await StreamAsync(streamId)).Status, Is.EqualTo(StreamStatus.Ended));
            var waited = Stopwatch.StartNew();
            while (!_edge.Requests.Any(r => r.Method == "DELETE" && r.Path == location && r.Status == 200))
            {
                if (waited.Elapsed > TimeSpan.FromSeconds(30)) Assert.Fail($"No DELETE of the WHIP session {location} within 30 s. Edge saw:\n{_edge.Describe()}");
                await Task.Delay(100);
            }

            await Assertions.Expect(broadcaster.Locator("#connection-state")).ToHaveTextAsync("Ended");

            // The member's page, told the class ended, hangs up its WHEP session too.
            var playLocation = play[^1].Location!;
            waited.Restart();
            while (!_edge.Requests.Any(r => r.Method == "DELETE" && r.Path == playLocation && r.Status == 200))
            {
                if (waited.Elapsed > TimeSpan.FromSeconds(30)) Assert.Fail($"No DELETE of the WHEP session {playLocation} within 30 s. Edge saw:\n{_edge.Describe()}");
                await Task.Delay(100);
            }

            // …and reloads to show what comes after the class (the replay's state).
            await Assertions.Expect(viewer.Locator("#replay")).ToBeAttachedAsync();

            TestContext.Out.WriteLine($"Edge saw:\n{_edge.Describe()}");
            Assert.That(problems.Where(p => p.StartsWith("CSP", StringComparison.Ordinal) || p.StartsWith("page error", StringComparison.Ordinal)
                                            || p.Contains(MediaEdge.Host, StringComparison.Ordinal)),
                Is.Empty, string.Join(Environment.NewLine, problems));
        }
        catch (Exception e) when (e is not AssertionException)
        {
            throw new AssertionException($"{e.Message}\nBroadcaster at {broadcaster.Url}: {await broadcaster.Locator("main").InnerTextAsync()}\n" +
                                         $"Viewer at {viewer.Url}: {await viewer.Locator("main").InnerTextAsync()}\nEdge saw:\n{_edge.Describe()}\n" +
                                         $"Problems:\n{string.Join(Environment.NewLine, problems)}", e);
        }
    }

    /// <summary>Neither the page's HTML as the server sends it nor the page's current DOM (for the watch page) contains the WHIP URL or its secret path.</summary>
    private static async Task AssertNoWhipUrlAsync(IPage memberPage, string whipUrl, string path, string what)
    {
        var secretPath = new Uri(whipUrl).AbsolutePath;
        var response = await memberPage.Context.APIRequest.GetAsync(path);
        Assert.That(response.Status, Is.EqualTo(200), $"{what}: {path}");
        var html = await response.TextAsync();
        Assert.That(html, Does.Not.Contain(whipUrl).And.Not.Contain(secretPath), $"{what} must not carry the WHIP URL");
        if (memberPage.Url.EndsWith(path, StringComparison.Ordinal))
            Assert.That(await memberPage.ContentAsync(), Does.Not.Contain(secretPath), $"{what} (its DOM) must not carry the WHIP URL");
    }

    private Task<StreamInput> InputAsync(Guid streamId) =>
        ReadAsync(db => db.StreamInputs.AsNoTracking().SingleAsync(i => i.StreamId == streamId));

    /// <summary>One request to the edge (logged on arrival): the host the browser asked for, and what the edge replied (0 until it has).</summary>
    private sealed record EdgeRequest(string Method, string Host, string Path, string? ContentType, string? Origin)
    {
        public int Status { get; set; }

        /// <summary>The session resource of a WHIP/WHEP POST (its Location).</summary>
        public string? Location { get; set; }

        public override string ToString() => $"{Method} https://{Host}{Path} ({ContentType ?? "no body"}, Origin {Origin ?? "none"}) → {Status} {Location}";
    }

    /// <summary>
    /// Cloudflare Stream's media host for this test: HTTPS on 127.0.0.1 (Chromium maps
    /// <see cref="Host"/> to it) with a self-signed certificate for that name. Standard WHIP/WHEP: POST
    /// <c>application/sdp</c> to an input's WHIP or WHEP URL → 201 + SDP answer + Location; DELETE the
    /// Location → 200; CORS for the app's pages (preflight, Location exposed). The SDP answers come from
    /// <see cref="Page"/> (<see cref="PageScript"/>), served from a plain HTTP port of the same server.
    /// </summary>
    private sealed class MediaEdge : IAsyncDisposable
    {
        public const string Host = $"customer-{FakeCloudflareApi.CustomerCode}.cloudflarestream.com";

        /// <summary>
        /// The edge's peer connections (what Cloudflare does with media): a WHIP offer is answered with a
        /// receiving connection whose tracks become the class's media; a WHEP offer with a connection that
        /// sends those tracks on. ICE is not trickled: answers wait for gathering to complete.
        /// </summary>
        public const string PageScript = """
            () => {
              const gathered = (pc) => pc.iceGatheringState === 'complete' ? Promise.resolve() : new Promise((resolve) => {
                const timer = setTimeout(resolve, 10000);
                pc.addEventListener('icegatheringstatechange', () => {
                  if (pc.iceGatheringState === 'complete') { clearTimeout(timer); resolve(); }
                });
              });
              const answer = async (pc, offer, addTracks) => {
                await pc.setRemoteDescription({ type: 'offer', sdp: offer });
                addTracks();
                await pc.setLocalDescription(await pc.createAnswer());
                await gathered(pc);
                return pc.localDescription.sdp;
              };
              window.edge = {
                sessions: new Map(),
                publishers: [],
                media: null,
                publish(id, offer) {
                  const pc = new RTCPeerConnection();
                  this.sessions.set(id, { kind: 'publish', pc });
                  this.publishers.push(pc);
                  pc.ontrack = (e) => { this.media = e.streams[0] ?? new MediaStream([e.track]); };
                  return answer(pc, offer, () => {});
                },
                play(id, offer) {
                  const media = this.media;
                  if (!media) return null;
                  const pc = new RTCPeerConnection();
                  this.sessions.set(id, { kind: 'play', pc });
                  return answer(pc, offer, () => media.getTracks().forEach((t) => pc.addTrack(t, media)));
                },
                hangUp(id) {
                  this.sessions.get(id)?.pc.close();
                  this.sessions.delete(id);
                },
                async framesPublished() {
                  let frames = 0;
                  for (const pc of this.publishers) {
                    if (pc.connectionState === 'closed') continue;
                    (await pc.getStats()).forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded ?? 0; });
                  }
                  return frames;
                },
                describe() {
                  return [...this.sessions].map(([id, s]) => `${s.kind} ${id}: ${s.pc.connectionState}/${s.pc.iceConnectionState}`).join('; ')
                    + ` (media: ${this.media ? this.media.getTracks().map((t) => `${t.kind} ${t.readyState}`).join(', ') : 'none'})`;
                },
              };
            }
            """;

        private readonly WebApplication app;
        private readonly X509Certificate2 certificate;
        private readonly ConcurrentQueue<EdgeRequest> requests = new();
        private readonly ConcurrentQueue<string> errors = new();
        private readonly ConcurrentDictionary<string, string> sessions = new(); // Location → page session id
        private readonly Func<string, bool> isEndpoint;

        private MediaEdge(WebApplication app, X509Certificate2 certificate, Func<string, bool> isEndpoint)
        {
            this.app = app;
            this.certificate = certificate;
            this.isEndpoint = isEndpoint;
        }

        public int HttpsPort { get; private set; }

        /// <summary>Where the edge page lives (plain HTTP on loopback: a secure context).</summary>
        public Uri PageUrl { get; private set; } = null!;

        /// <summary>The page that answers offers; requests before it is set get 503.</summary>
        public IPage? Page { get; set; }

        public IReadOnlyList<EdgeRequest> Requests => [.. requests];

        /// <param name="isEndpoint">Whether a path is the WHIP or WHEP path of an existing live input (else 404).</param>
        public static async Task<MediaEdge> StartAsync(Func<string, bool> isEndpoint)
        {
            var certificate = SelfSignedCertificate();
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate));
                kestrel.Listen(IPAddress.Loopback, 0);
            });
            var app = builder.Build();
            var edge = new MediaEdge(app, certificate, isEndpoint);
            app.Run(edge.HandleAsync);
            await app.StartAsync();
            var addresses = app.Urls.Select(u => new Uri(u)).ToList();
            edge.HttpsPort = addresses.Single(u => u.Scheme == "https").Port;
            edge.PageUrl = new Uri(addresses.Single(u => u.Scheme == "http"), "/edge");
            return edge;
        }

        public string Describe() =>
            string.Join(Environment.NewLine, requests.Select(r => r.ToString()).Concat(errors.Select(e => $"error: {e}")));

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
            certificate.Dispose();
        }

        private static X509Certificate2 SelfSignedCertificate()
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest($"CN={Host}", key, HashAlgorithmName.SHA256);
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName(Host);
            request.CertificateExtensions.Add(names.Build());
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
            var now = DateTimeOffset.UtcNow;
            using var created = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(7));
            // Through PFX, so that the private key is usable by the TLS stack on every platform.
            return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
        }

        private async Task HandleAsync(HttpContext context)
        {
            var request = context.Request;
            var response = context.Response;
            if (!request.IsHttps)
            {
                if (request.Path == "/edge")
                {
                    response.ContentType = "text/html; charset=utf-8";
                    await response.WriteAsync("<!doctype html><html><head><title>Media edge</title></head><body>edge</body></html>");
                }
                else
                {
                    response.StatusCode = request.Path == "/favicon.ico" ? 204 : 404;
                }

                return;
            }

            var path = request.Path.Value ?? "";
            var entry = new EdgeRequest(request.Method, request.Host.Value ?? "", path, request.ContentType, request.Headers.Origin.ToString() is { Length: > 0 } o ? o : null);
            requests.Enqueue(entry);
            response.Headers.AccessControlAllowOrigin = "*";
            response.Headers.AccessControlExposeHeaders = "Location";
            try
            {
                entry.Status = await AnswerAsync(context, entry);
            }
            catch (Exception e)
            {
                errors.Enqueue($"{entry.Method} {entry.Path}: {e.Message}");
                entry.Status = 500;
            }

            if (!context.Response.HasStarted) response.StatusCode = entry.Status;
        }

        private async Task<int> AnswerAsync(HttpContext context, EdgeRequest entry)
        {
            var request = context.Request;
            var response = context.Response;
            switch (request.Method)
            {
                case "OPTIONS":
                    response.Headers.AccessControlAllowMethods = "POST, DELETE, OPTIONS";
                    response.Headers.AccessControlAllowHeaders = request.Headers.AccessControlRequestHeaders.ToString() is { Length: > 0 } asked ? asked : "content-type";
                    response.Headers.AccessControlMaxAge = "600";
                    return 204;
                case "DELETE":
                    if (!sessions.TryRemove(entry.Path, out var ended)) return 404;
                    await Page!.EvaluateAsync("id => window.edge.hangUp(id)", ended);
                    return 200;
                case "POST":
                    var segments = entry.Path.Trim('/').Split('/');
                    var kind = entry.Path.EndsWith("/webRTC/publish", StringComparison.Ordinal) ? "publish"
                        : entry.Path.EndsWith("/webRTC/play", StringComparison.Ordinal) ? "play" : null;
                    if (kind is null || segments.Length != 3 || !isEndpoint(entry.Path)) return 404;
                    if (!string.Equals(request.ContentType, "application/sdp", StringComparison.OrdinalIgnoreCase)) return 415;
                    if (Page is null) return 503;
                    string offer;
                    using (var reader = new StreamReader(request.Body)) offer = await reader.ReadToEndAsync(context.RequestAborted);
                    var id = Guid.NewGuid().ToString("N");
                    var answer = await Page.EvaluateAsync<string?>($"([id, offer]) => window.edge.{kind}(id, offer)", new[] { id, offer });
                    if (answer is null) return 409; // nothing published yet
                    // Relative, as a WHIP/WHEP server may answer: the client resolves it against the endpoint.
                    var location = $"/{segments[0]}/webRTC/{kind}/{id}";
                    sessions[location] = id;
                    entry.Location = location;
                    entry.Status = 201; // before the answer leaves: the test reads it once the browser has it
                    response.StatusCode = 201;
                    response.Headers.Location = location;
                    response.ContentType = "application/sdp";
                    await response.WriteAsync(answer, context.RequestAborted);
                    return 201;
                default:
                    return 405;
            }
        }
    }
}
