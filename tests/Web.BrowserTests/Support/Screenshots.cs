namespace Streaming.Web.BrowserTests.Support;

/// <summary>
/// Full-page screenshots of a journey's step at a phone's width (390 px) and a laptop's (1280 px),
/// written to <c>screenshots/</c> beside the test assembly and attached to the test's result (TRX),
/// for a person to look at. Nothing is asserted on them.
/// </summary>
internal static class Screenshots
{
    public static readonly int[] Widths = [390, 1280];

    public static async Task CaptureAsync(IPage page, string name)
    {
        var folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var original = page.ViewportSize;
        foreach (var width in Widths)
        {
            await page.SetViewportSizeAsync(width, width < 800 ? 844 : 800);
            var path = Path.Combine(folder, $"{name}-{width}.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
            TestContext.AddTestAttachment(path);
        }

        if (original is not null) await page.SetViewportSizeAsync(original.Width, original.Height);
    }

    /// <summary>One screenshot at the page's current size (a state that only exists at that width, e.g. an open menu).</summary>
    public static async Task CaptureOneAsync(IPage page, string name)
    {
        var folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path);
    }
}
