namespace Streaming.Domain.Common;

/// <summary>
/// Something that happened to an entity that other parts of the system react to (emails, receipts,
/// closing viewer sessions). Domain stays free of MediatR: Application wraps each event in a
/// notification when the save that records it is dispatched.
/// </summary>
public interface IDomainEvent;
