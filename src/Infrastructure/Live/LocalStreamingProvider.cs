using Streaming.Application.Common.Interfaces;

namespace Streaming.Infrastructure.Live;

/// <summary>
/// The default provider: no media server. Viewers post WHEP offers to this app, which relays them
/// to the broadcaster's page (SignalR); the page answers with one peer connection per viewer.
/// There is no input to create or delete. One app instance, small classes.
/// </summary>
public sealed class LocalStreamingProvider : IStreamingProvider
{
    public StreamingProviderKind Kind => StreamingProviderKind.Local;

    public Task<LiveInput?> CreateInputAsync(Guid streamId, string title, CancellationToken cancellationToken) =>
        Task.FromResult<LiveInput?>(null);

    public Task DeleteInputAsync(string inputId, CancellationToken cancellationToken) => Task.CompletedTask;
}
