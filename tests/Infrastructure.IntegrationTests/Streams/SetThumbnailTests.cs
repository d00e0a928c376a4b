using Microsoft.Extensions.DependencyInjection.Extensions;
using Moq;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Streams.Commands.SetThumbnail;
using Streaming.Infrastructure.IntegrationTests.Enrollments;

namespace Streaming.Infrastructure.IntegrationTests.Streams;

/// <summary>
/// SetThumbnailCommand through MediatR and real PostgreSQL, with the image processor and the blob
/// store as ports: the class may change while its image is processed (on a live class, viewers
/// joining raise its peak), and the thumbnail still lands — once, on the class as it is now.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public sealed class SetThumbnailTests
{
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3];

    private AppHarness _app = null!;
    private readonly List<string> _stored = [];
    private readonly List<string> _deleted = [];

    [OneTimeSetUp]
    public async Task CreateDatabase() => _app = await AppHarness.CreateAsync();

    [OneTimeTearDown]
    public async Task DropDatabase() => await _app.DisposeAsync();

    /// <summary>A composition whose image processor runs <paramref name="meanwhile"/> before it answers.</summary>
    private IServiceProvider WithProcessing(Func<Task> meanwhile)
    {
        var images = new Mock<IImageProcessor>();
        images.Setup(i => i.ToWebJpegAsync(It.IsAny<Stream>(), ImageSize.Thumbnail, It.IsAny<CancellationToken>()))
            .Returns(async () =>
            {
                await meanwhile();
                return ImageResult.Ok(Jpeg);
            });
        var blobs = new Mock<IBlobStorage>();
        blobs.Setup(b => b.PutAsync(It.IsAny<string>(), It.IsAny<Stream>(), "image/jpeg", It.IsAny<CancellationToken>()))
            .Callback((string key, Stream _, string _, CancellationToken _) => { lock (_stored) _stored.Add(key); })
            .ReturnsAsync(Jpeg.Length);
        blobs.Setup(b => b.DeleteAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback((string key, CancellationToken _) => { lock (_deleted) _deleted.Add(key); })
            .Returns(Task.CompletedTask);
        return _app.BuildProvider(services =>
        {
            services.RemoveAll<IImageProcessor>();
            services.AddSingleton(images.Object);
            services.RemoveAll<IBlobStorage>();
            services.AddSingleton(blobs.Object);
        });
    }

    private async Task ChangeStreamAsync(Guid streamId, Action<Domain.Streams.LiveStream> change)
    {
        await using var db = _app.Context();
        change(await db.Streams.SingleAsync(s => s.Id == streamId));
        await db.SaveChangesAsync();
    }

    [Test]
    public async Task TheCapturedFrame_IsKept_WhenViewersJoinWhileItIsProcessed()
    {
        var instructor = await _app.AddMemberAsync("coach");
        var streamId = await _app.ScheduleAsync(instructor);
        await ChangeStreamAsync(streamId, s => s.GoLive(_app.Clock.GetUtcNow()));
        var app = WithProcessing(() => ChangeStreamAsync(streamId, s => s.RecordConcurrentViewers(3)));

        var set = await AppHarness.SendAsync(app, instructor, new SetThumbnailCommand(streamId, new MemoryStream([1]), OnlyIfMissing: true));

        var stream = await _app.StreamAsync(streamId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(set, Is.True);
            Assert.That(stream.ThumbnailPath, Is.Not.Null.And.EqualTo(_stored.Single(k => k.Contains(streamId.ToString("N")))));
            Assert.That(stream.PeakViewers, Is.EqualTo(3), "the change made meanwhile is kept too");
        }
    }

    [Test]
    public async Task TheCapturedFrame_GivesWay_ToAThumbnailUploadedWhileItIsProcessed()
    {
        var instructor = await _app.AddMemberAsync("coach");
        var streamId = await _app.ScheduleAsync(instructor);
        const string uploaded = "thumbnails/uploaded-meanwhile.jpg";
        var app = WithProcessing(() => ChangeStreamAsync(streamId, s => s.SetThumbnail(uploaded, _app.Clock.GetUtcNow())));

        var set = await AppHarness.SendAsync(app, instructor, new SetThumbnailCommand(streamId, new MemoryStream([1]), OnlyIfMissing: true));

        var frameKey = _stored.Single(k => k.Contains(streamId.ToString("N")));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(set, Is.False);
            Assert.That((await _app.StreamAsync(streamId)).ThumbnailPath, Is.EqualTo(uploaded));
            Assert.That(_deleted, Does.Contain(frameKey), "the frame stored for nothing is deleted again");
        }
    }
}
