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
