// NUnit's Timeout is marked obsolete on .NET because it cannot abort the test's thread; what it
// still does is what a hung browser test needs: fail the test after the time, run its teardown
// (which closes the browser, ending whatever still waits on it) and go on with the next test.
// CancelAfter only signals a token, which a Playwright call waiting on a silent browser never sees.
#pragma warning disable CS0618
[assembly: Timeout(240_000)]
#pragma warning restore CS0618

namespace Streaming.Web.BrowserTests;

/// <summary>
/// Settings for every browser test of this assembly. Playwright's expectations wait 5 s by
/// default, whatever the context's timeout: too short for a first login (keys, query
/// compilation) on a busy 2-core CI machine.
/// </summary>
[SetUpFixture]
public sealed class BrowserTestDefaults
{
    [OneTimeSetUp]
    public void GenerousExpectations() => Assertions.SetDefaultExpectTimeout(30_000);
}
