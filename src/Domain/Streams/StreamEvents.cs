using Streaming.Domain.Common;

namespace Streaming.Domain.Streams;

/// <summary>The instructor cancelled a scheduled class: its members are told, its paid seats refunded.</summary>
public sealed record StreamCancelled(LiveStream Stream) : IDomainEvent;

/// <summary>A live class ended (by its instructor or the closing job): open viewing sessions close, the replay is made.</summary>
public sealed record StreamEnded(LiveStream Stream) : IDomainEvent;
