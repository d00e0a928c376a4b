using System.Text.Json.Serialization;
using Streaming.Domain.Streams;

namespace Streaming.Application.Live.Common;

/// <summary>What the broadcast and watch pages' scripts need to know about a class's state.</summary>
public sealed record LiveStatusDto(
    Guid StreamId,
    [property: JsonConverter(typeof(JsonStringEnumConverter<StreamStatus>))] StreamStatus Status,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt)
{
    public static LiveStatusDto Of(LiveStream stream) => new(stream.Id, stream.Status, stream.StartedAt, stream.EndedAt);
}
