using Streaming.Domain.Common;

namespace Streaming.Domain.Recordings;

/// <summary>
/// A recording's file was attached (the egress webhook, or an upload): its owner can watch it.
/// <paramref name="AttachedBy"/> is the person who attached it by hand, null for the webhook.
/// </summary>
public sealed record RecordingReady(Recording Recording, string? AttachedBy) : IDomainEvent;

/// <summary>
/// A new file replaced the recording's earlier one (a later egress result): <paramref name="PreviousLocation"/>
/// is where the earlier file was (a key of the app's store, or a URL elsewhere).
/// </summary>
public sealed record RecordingFileReplaced(Recording Recording, string PreviousLocation) : IDomainEvent;
