namespace Streaming.Application.Common.Interfaces;

public enum StreamingProviderKind
{
    /// <summary>The broadcaster's browser serves each viewer peer-to-peer, signalled through this app.</summary>
    Local,

    /// <summary>Cloudflare Stream live inputs (WHIP in, WHEP out).</summary>
    Cloudflare,
}

/// <summary>
/// Where live video goes: the local provider (no external service; one app instance, small
/// classes) or a media service such as Cloudflare Stream.
/// </summary>
public interface IStreamingProvider
{
    StreamingProviderKind Kind { get; }

    /// <summary>
    /// Creates the provider's input for a new class. Null when the provider needs none (local:
    /// viewers speak WHEP to this app, which relays them to the broadcaster's page).
    /// </summary>
    Task<LiveInput?> CreateInputAsync(Guid streamId, string title, CancellationToken cancellationToken);

    /// <summary>Removes the input (and stops anything the provider keeps for it); unknown ids are ignored.</summary>
    Task DeleteInputAsync(string inputId, CancellationToken cancellationToken);
}

/// <param name="InputId">The provider's id for the input.</param>
/// <param name="PublishUrl">Where the broadcaster publishes (WHIP). A secret: only the owning instructor sees it.</param>
/// <param name="PlaybackUrl">Where viewers play (WHEP).</param>
public sealed record LiveInput(string InputId, string PublishUrl, string PlaybackUrl);
