using Microsoft.Extensions.Logging;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Infrastructure.Live.Cloudflare;

/// <summary>
/// Cloudflare Stream (Streaming:Provider = Cloudflare): every class gets a live input; the
/// instructor's browser publishes to its WHIP URL and viewers play its WHEP URL, so the app carries
/// no media. Cloudflare does not record WebRTC inputs: replays come from the browser recording.
/// Failures throw <see cref="Application.Common.Exceptions.StreamingProviderException"/>.
/// </summary>
public sealed class CloudflareStreamingProvider(CloudflareStreamClient client, ILogger<CloudflareStreamingProvider> logger) : IStreamingProvider
{
    public StreamingProviderKind Kind => StreamingProviderKind.Cloudflare;

    public async Task<LiveInput?> CreateInputAsync(Guid streamId, string title, CancellationToken cancellationToken)
    {
        var input = await client.CreateLiveInputAsync(title, streamId, cancellationToken);
        logger.LogInformation("Cloudflare live input {InputId} created for class {StreamId}.", input.Uid, streamId);
        return new LiveInput(input.Uid, input.WhipUrl, input.WhepUrl);
    }

    /// <summary>Deletes the input's videos (if Cloudflare kept any), then the input; already-gone ones count as deleted.</summary>
    public async Task DeleteInputAsync(string inputId, CancellationToken cancellationToken)
    {
        foreach (var video in await client.ListVideosAsync(inputId, cancellationToken))
            await client.DeleteVideoAsync(video, cancellationToken);
        await client.DeleteLiveInputAsync(inputId, cancellationToken);
        logger.LogInformation("Cloudflare live input {InputId} deleted.", inputId);
    }
}
