using Deque.AxeCore.Playwright;

namespace Streaming.Web.BrowserTests.Support;

/// <summary>
/// What every page owes a visitor, checked at a phone's width (390 px) and a laptop's (1280 px):
/// nothing wider than the window, and no serious or critical axe-core violation (WCAG 2.1 AA and
/// best practices). A screenshot of each width goes to screenshots/ for a person to look at.
/// </summary>
internal static class PageChecks
{
    public static async Task FitsAndPassesAxeAsync(IPage page, string name)
    {
        var original = page.ViewportSize;
        foreach (var width in Screenshots.Widths)
        {
            await page.SetViewportSizeAsync(width, width < 800 ? 844 : 800);
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
            if (overflow > 0)
            {
                // Names the elements that stick out, so the failure says what to fix.
                var wide = await page.EvaluateAsync<string[]>(@"() => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                    .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + [...e.classList].join('.') + ' ' + Math.round(e.getBoundingClientRect().right))");
                Assert.Fail($"{name} at {width} px scrolls sideways by {overflow} px: {string.Join(", ", wide)}");
            }

            var axe = await page.RunAxe();
            var bad = axe.Violations.Where(v => v.Impact is "serious" or "critical")
                .Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}")
                .ToList();
            Assert.That(bad, Is.Empty, $"{name} at {width} px:\n{string.Join("\n", bad)}");
        }

        if (original is not null) await page.SetViewportSizeAsync(original.Width, original.Height);
        await Screenshots.CaptureAsync(page, name);
    }
}
