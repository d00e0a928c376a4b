using Microsoft.Extensions.DependencyInjection.Extensions;
using Moq;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Jobs;
using Streaming.Application.Streams.Commands.DeleteExpiredRecordings;
using Streaming.Domain.Common;
using Streaming.Domain.Streams;

namespace Streaming.Infrastructure.IntegrationTests.Jobs;

/// <summary>
/// Retention with Cloudflare as the streaming provider (a Moq port around the job; Cloudflare's own
/// API is tested against its fake elsewhere): the class's live input — and with it any video
/// Cloudflare kept — is deleted with the files, and a provider failure leaves the class for the next run.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public class CloudflareRetentionTests : JobTestBase
{
    private readonly Mock<IStreamingProvider> _cloudflare = new();

    private protected override void Configure(IServiceCollection services)
    {
        _cloudflare.Setup(p => p.Kind).Returns(StreamingProviderKind.Cloudflare);
        services.RemoveAll<IStreamingProvider>();
        services.AddSingleton(_cloudflare.Object);
    }

    private async Task<Guid> ExpiredClassWithInputAsync(string inputId)
    {
        var streamId = await Classes.AddAsync(Instructor, RetentionPolicy.Default.ReplayRetention + TimeSpan.FromHours(2));
        await using var db = App.Context();
        db.StreamInputs.Add(StreamInput.Create(streamId, "Cloudflare", inputId, "https://whip.example/secret", "https://whep.example/play", App.Clock.GetUtcNow()));
        await db.SaveChangesAsync();
        return streamId;
    }

    [Test]
    public async Task The_live_input_and_its_videos_are_deleted_with_the_recording()
    {
        var streamId = await ExpiredClassWithInputAsync("cf-input-1");

        var outcome = await RunAsync(new DeleteExpiredRecordingsCommand());

        Assert.That(outcome, Is.EqualTo(new JobOutcome(1, 0, null)));
        _cloudflare.Verify(p => p.DeleteInputAsync("cf-input-1", It.IsAny<CancellationToken>()), Times.Once);
        await using var db = App.Context();
        Assert.That(await db.Streams.Where(s => s.Id == streamId).Select(s => s.RecordingDeletedAt).SingleAsync(), Is.Not.Null);
    }

    [Test]
    public async Task A_provider_that_fails_through_the_run_leaves_the_class_for_the_next_run()
    {
        var streamId = await ExpiredClassWithInputAsync("cf-input-2");
        _cloudflare.Setup(p => p.DeleteInputAsync("cf-input-2", It.IsAny<CancellationToken>()))
            .ThrowsAsync(new Application.Common.Exceptions.StreamingProviderException("Cloudflare answered 503."));

        var first = await RunAsync(new DeleteExpiredRecordingsCommand());

        Assert.That((first.Done, first.Failed), Is.EqualTo((0, 1)));
        Assert.That(first.LastError, Does.Contain("503"));
        _cloudflare.Verify(p => p.DeleteInputAsync("cf-input-2", It.IsAny<CancellationToken>()), Times.Exactly(3), "retried with back-off");
        await using (var db = App.Context())
            Assert.That(await db.Streams.Where(s => s.Id == streamId).Select(s => s.RecordingDeletedAt).SingleAsync(), Is.Null);

        _cloudflare.Setup(p => p.DeleteInputAsync("cf-input-2", It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        var second = await RunAsync(new DeleteExpiredRecordingsCommand());

        Assert.That(second, Is.EqualTo(new JobOutcome(1, 0, null)));
    }
}
