using Streaming.TestSupport.Live.Cloudflare;

namespace Streaming.Web.FunctionalTests.Live.Cloudflare;

/// <summary>
/// Cloudflare mode with a short Cloudflare timeout (its own app, so that the other fixtures keep a
/// generous one): a Cloudflare that never answers is shown on the form and no class remains.
/// </summary>
public class CloudflareTimeoutTests : CloudflareTestBase
{
    protected override TimeSpan ApiTimeout => TimeSpan.FromSeconds(2);

    [Test]
    public Task A_Cloudflare_that_never_answers_is_shown_on_the_form_and_no_class_remains() =>
        AssertFailedSchedulingAsync(CloudflareFailure.Hang, "Cloudflare did not create the live input: Cloudflare did not answer within 2 seconds.");
}
