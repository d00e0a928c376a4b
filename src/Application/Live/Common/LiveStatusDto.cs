using Streaming.Domain.Streams;

namespace Streaming.Application.Live.Common;

/// <summary>What the broadcast and watch pages' scripts need to know about a class's state (the web layer writes the status by name).</summary>
public sealed record LiveStatusDto(
    Guid StreamId,
    StreamStatus Status,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt)
{
    public static LiveStatusDto Of(LiveStream stream) => new(stream.Id, stream.Status, stream.StartedAt, stream.EndedAt);
}
