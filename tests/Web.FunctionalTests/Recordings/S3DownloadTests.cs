using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Recordings;
using Streaming.Infrastructure.Storage;
using Streaming.TestSupport.Recordings;

namespace Streaming.Web.FunctionalTests.Recordings;

/// <summary>The app configured with <c>Storage:Provider=S3</c> (s3rver): downloads redirect to a presigned URL that saves the file.</summary>
public class S3DownloadTests : RecordingsTestBase
{
    // Started in Configure (the app needs its URL before it starts), stopped in StopS3rver;
    // the analyzer only looks for disposal in a [TearDown] when a field is set outside [OneTimeSetUp].
#pragma warning disable NUnit1032
    private S3rverProcess _s3 = null!;
#pragma warning restore NUnit1032

    protected override void Configure(StreamingWebFactory factory)
    {
        base.Configure(factory);
        _s3 = S3rverProcess.StartAsync().GetAwaiter().GetResult();
        factory.Settings["Storage:Provider"] = "S3";
        factory.Settings["Storage:S3:Bucket"] = "meet-recordings";
        factory.Settings["Storage:S3:ServiceUrl"] = _s3.Url.ToString();
        factory.Settings["Storage:S3:AccessKey"] = S3rverProcess.AccessKey;
        factory.Settings["Storage:S3:SecretKey"] = S3rverProcess.SecretKey;
        factory.Settings["Storage:S3:ForcePathStyle"] = "true";
    }

    [OneTimeTearDown]
    public async Task StopS3rver()
    {
        if (_s3 is not null) await _s3.DisposeAsync();
    }

    [Test]
    public async Task Download_RedirectsToAPresignedUrl_ThatSavesTheFile_WithRanges()
    {
        var storage = (S3BlobStorage)Factory.Services.GetRequiredService<IBlobStorage>();
        await storage.EnsureBucketAsync(CancellationToken.None);
        var content = RandomNumberGenerator.GetBytes(40_000);
        var (owner, ownerId) = await UserAsync("owner");
        using (owner)
        {
            // LiveKit Egress reports an S3 URL of our bucket: it is recognised and signed, not proxied.
            var key = await StoreAsync(content);
            var meeting = await AddMeetingAsync(ownerId, Products.M10, "Quarterly review", $"s3://meet-recordings/{key}");

            var response = await owner.Http.GetAsync($"/recordings/download?type=meet&id={meeting}");
            var signed = PageClient.RedirectTarget(response);
            using var http = new HttpClient();
            using var file = await http.GetAsync(signed);
            using var request = new HttpRequestMessage(HttpMethod.Get, signed);
            request.Headers.Range = new RangeHeaderValue(0, 9);
            using var part = await http.SendAsync(request);

            using (Assert.EnterMultipleScope())
            {
                Assert.That(signed.GetLeftPart(UriPartial.Authority), Is.EqualTo(_s3.Url.GetLeftPart(UriPartial.Authority)));
                Assert.That(signed.Query, Does.Contain("X-Amz-Signature="));
                Assert.That(file.Content.Headers.ContentDisposition?.DispositionType, Is.EqualTo("attachment"));
                Assert.That(file.Content.Headers.ContentDisposition?.FileNameStar, Is.EqualTo("M10 Quarterly review 2030-01-10.mp4"));
                Assert.That(await file.Content.ReadAsByteArrayAsync(), Is.EqualTo(content));
                Assert.That(part.StatusCode, Is.EqualTo(HttpStatusCode.PartialContent));
            }

            var play = await owner.Http.GetAsync($"/recordings/play?type=meet&id={meeting}");
            Assert.That(await play.Content.ReadAsByteArrayAsync(), Is.EqualTo(content), "playback streams through the app (CSP stays 'self')");
        }
    }
}
