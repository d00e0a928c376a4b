namespace Streaming.Application.Common.Interfaces;

/// <summary>
/// Copies of the public catalog kept to answer anonymous visitors without the database. Whatever
/// changes what the catalog shows (a class added, edited, cancelled, started, ended) drops them.
/// </summary>
public interface ICatalogCache
{
    ValueTask EvictAsync(CancellationToken cancellationToken);
}
