namespace Streaming.Application.Common.Interfaces;

public interface ICurrentUser
{
    /// <summary>The signed-in account's id, or null for an anonymous visitor.</summary>
    string? Id { get; }

    bool IsInRole(string role);
}
