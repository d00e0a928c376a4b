using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Streaming.Web.BrowserTests.Support;

/// <summary>
/// The machine's Chromium (/usr/bin/chromium) with the flags this closed network needs, and pages
/// that report every console error or warning, page error, failed request, HTTP error and
/// Content-Security-Policy violation, so a journey fails on any of them.
/// </summary>
internal static class Chromium
{
    public static readonly string[] Args =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    /// <summary>A fake camera and microphone, and ICE candidates on loopback (../shared/STACK.md).</summary>
    public static readonly string[] WebRtcArgs =
    [
        .. Args, "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--allow-loopback-in-peer-connection",
    ];

    /// <summary>Reports every CSP violation to the test through an exposed binding (survives navigations).</summary>
    private const string CspListener = """
        document.addEventListener('securitypolicyviolation', e =>
            window.__cspViolation(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile || location.href}:${e.lineNumber}`));
        """;

    /// <summary>
    /// A static file or page still loading when the journey clicks on (the browser drops it on
    /// navigation): what a user does too, and no fault of the app.
    /// </summary>
    private static bool IsAbortedByNavigation(IRequest request) =>
        request.Method == "GET" && request.Failure == "net::ERR_ABORTED"
        && request.ResourceType is "stylesheet" or "script" or "image" or "font" or "document";

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright, string[]? args = null) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = args ?? Args,
        });

    /// <summary>How long closing a context or the browser may take before the test gives up on it.</summary>
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Closes <paramref name="context"/> when disposed, giving up after <see cref="CloseTimeout"/>:
    /// Chromium now and then never answers the close of a context whose page is navigating (seen
    /// here: the watch page reloads when a class ends), and an unbounded wait would hang the run.
    /// The browser's shutdown (<see cref="ShutDownAsync"/>) ends whatever is left.
    /// </summary>
    public static IAsyncDisposable ClosesAtEnd(IBrowserContext context) => new ContextCloser(context);

    /// <summary>
    /// Closes the browser (bounded, like <see cref="ClosesAtEnd"/>), then disposes Playwright, which
    /// ends its driver and with it a browser that did not close.
    /// </summary>
    public static async Task ShutDownAsync(IBrowser? browser, IPlaywright? playwright)
    {
        if (browser is not null) await WithinCloseTimeoutAsync(browser.CloseAsync(), "the browser");
        playwright?.Dispose();
    }

    private static async Task WithinCloseTimeoutAsync(Task closing, string what)
    {
        try
        {
            await closing.WaitAsync(CloseTimeout);
        }
        catch (TimeoutException)
        {
            TestContext.Progress.WriteLine($"Closing {what} took over {CloseTimeout.TotalSeconds:0} s; left to the browser's shutdown.");
        }
    }

    private sealed class ContextCloser(IBrowserContext context) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await WithinCloseTimeoutAsync(context.CloseAsync(), "a browser context");
    }

    /// <summary>
    /// A new context and page whose problems go into <paramref name="problems"/> (prefixed with
    /// <paramref name="who"/> when several pages share the queue). <paramref name="expectedFailure"/>
    /// names a failed request that is not a problem (a download, which Chromium reports as aborted).
    /// </summary>
    public static async Task<(IBrowserContext Context, IPage Page)> MonitoredPageAsync(
        IBrowser browser,
        BrowserNewContextOptions options,
        ConcurrentQueue<string> problems,
        string? who = null,
        Func<IRequest, bool>? expectedFailure = null,
        float timeout = 60_000,
        bool reportFailedRequests = true)
    {
        var tag = who is null ? "" : $" ({who})";
        var context = await browser.NewContextAsync(options);
        context.SetDefaultTimeout(timeout); // generous: CI machines have 2 cores and may be busy
        await context.ExposeFunctionAsync("__cspViolation", (string violation) => problems.Enqueue($"CSP{tag}: {violation}"));
        await context.AddInitScriptAsync(CspListener);
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning") problems.Enqueue($"console.{message.Type}{tag}: {message.Text} ({message.Location})");
        };
        page.PageError += (_, error) => problems.Enqueue($"page error{tag}: {error}");
        if (reportFailedRequests)
        {
            page.RequestFailed += (_, request) =>
            {
                if (expectedFailure?.Invoke(request) == true || IsAbortedByNavigation(request)) return;
                problems.Enqueue($"request failed{tag}: {request.Method} {request.Url} {request.Failure}");
            };
        }

        page.Response += (_, response) =>
        {
            if (response.Status >= 400) problems.Enqueue($"HTTP {response.Status}{tag}: {response.Request.Method} {response.Url}");
        };
        return (context, page);
    }

    /// <summary>
    /// Runs a journey on <paramref name="page"/>; a browser failure (a timeout, a missing element)
    /// becomes an assertion that says where the page was, what it showed and what went wrong on the way.
    /// Prints the journey's duration (for information; nothing is asserted on it).
    /// </summary>
    public static async Task RunJourneyAsync(IPage page, ConcurrentQueue<string> problems, Func<Task> journey)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            await journey();
        }
        catch (Exception e) when (e is not AssertionException)
        {
            throw new AssertionException($"{JourneyStep(e)}: {e.Message}\nAt {page.Url}:\n{await page.Locator("main").InnerTextAsync()}\nProblems:\n{string.Join(Environment.NewLine, problems)}", e);
        }

        TestContext.Out.WriteLine($"Journey took {watch.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>
    /// The test's own frames of <paramref name="e"/>'s stack trace ("JourneyAsync line 174"), first in the
    /// message: the failure report shows the wrapping exception's stack, not the step that failed.
    /// </summary>
    private static string JourneyStep(Exception e)
    {
        var frames = (e.StackTrace ?? "").Split('\n')
            .Select(line => Regex.Match(line, @"at Streaming\.Web\.BrowserTests\.[\w.`]*?(\w+)\.(\w+)\(.*:line (\d+)"))
            .Where(m => m.Success && m.Groups[1].Value != nameof(Chromium))
            .Select(m => $"{m.Groups[1].Value}.{m.Groups[2].Value} line {m.Groups[3].Value}")
            .Distinct()
            .ToList();
        return frames.Count == 0 ? "Failed" : $"Failed at {string.Join(" ← ", frames)}";
    }

    /// <summary>
    /// Waits until the page is at <paramref name="url"/> (a glob: <c>**</c> any text, <c>*</c> any
    /// text without <c>/</c>) and its document has loaded.
    /// </summary>
    public static Task ExpectLoadedAsync(IPage page, string url) => ExpectLoadedAsync(page, GlobToRegex(url));

    /// <summary>
    /// Waits until the page's URL matches <paramref name="url"/> and its document has loaded. Not
    /// <c>page.WaitForURLAsync</c>: after a navigation it checks the "load" state and then subscribes
    /// to it, and a "load" arriving in between is missed (seen here under CPU load: a 60 s timeout
    /// whose log says only <c>"NetworkIdle" event fired</c>). Both waits here poll the page instead.
    /// </summary>
    public static async Task ExpectLoadedAsync(IPage page, Regex url)
    {
        await Assertions.Expect(page).ToHaveURLAsync(url);
        await page.WaitForFunctionAsync("() => document.readyState === 'complete'", null, new() { PollingInterval = 100 });
    }

    private static Regex GlobToRegex(string glob)
    {
        var pattern = new System.Text.StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            if (glob[i] != '*') pattern.Append(Regex.Escape(glob[i].ToString()));
            else if (i + 1 < glob.Length && glob[i + 1] == '*') { pattern.Append(".*"); i++; }
            else pattern.Append("[^/]*");
        }

        return new Regex(pattern.Append('$').ToString());
    }

    /// <summary>Logs in through the navigation's "Log in" link and the form, as a visitor would.</summary>
    public static async Task LogInThroughTheNavigationAsync(IPage page, string email, string password)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "Log in" }).ClickAsync();
        await Chromium.ExpectLoadedAsync(page, "**/account/login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
    }
}
