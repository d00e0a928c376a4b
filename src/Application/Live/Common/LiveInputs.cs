using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Streams;

namespace Streaming.Application.Live.Common;

/// <summary>The provider's live input of a class, created and deleted together with the class.</summary>
public static class LiveInputs
{
    /// <summary>
    /// Creates the provider's live input for the new <paramref name="stream"/> (already added to
    /// <paramref name="db"/>) and saves both together. A provider failure throws
    /// <see cref="Common.Exceptions.StreamingProviderException"/> before anything is saved; if the
    /// save itself fails, the new input is deleted again, so no half-created class remains anywhere.
    /// In local mode the provider creates nothing and this is a plain save.
    /// </summary>
    public static Task SaveWithLiveInputAsync(
        this IApplicationDbContext db, IStreamingProvider provider, LiveStream stream, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.SaveWithLiveInputsAsync(provider, [stream], now, cancellationToken);

    /// <summary>
    /// <see cref="SaveWithLiveInputAsync"/> for several new classes (a weekly series), all or none:
    /// when the provider fails on one, the inputs already made for the others are deleted again.
    /// </summary>
    public static async Task SaveWithLiveInputsAsync(
        this IApplicationDbContext db, IStreamingProvider provider, IReadOnlyList<LiveStream> streams, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var created = new List<LiveInput>();
        try
        {
            foreach (var stream in streams)
            {
                if (await provider.CreateInputAsync(stream.Id, stream.Title, cancellationToken) is not { } input) continue;
                created.Add(input);
                db.StreamInputs.Add(StreamInput.Create(stream.Id, provider.Kind.ToString(), input.InputId, input.PublishUrl, input.PlaybackUrl, now));
            }

            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            foreach (var input in created)
            {
                try
                {
                    await provider.DeleteInputAsync(input.InputId, CancellationToken.None);
                }
                catch (StreamingProviderException)
                {
                    // The adapter logged it; the first failure is what the instructor needs to see.
                }
            }

            throw;
        }
    }

    /// <summary>
    /// Deletes the class's live input at the provider (its row goes with the class). A failure throws
    /// <see cref="Common.Exceptions.StreamingProviderException"/>, so the class is kept and can be deleted again.
    /// An input of another provider than the configured one is left alone.
    /// </summary>
    public static async Task DeleteLiveInputAsync(this IApplicationDbContext db, IStreamingProvider provider, Guid streamId, CancellationToken cancellationToken)
    {
        var kind = provider.Kind.ToString();
        var input = await db.StreamInputs.AsNoTracking().SingleOrDefaultAsync(i => i.StreamId == streamId && i.Provider == kind, cancellationToken);
        if (input is not null) await provider.DeleteInputAsync(input.InputId, cancellationToken);
    }

    /// <summary>The class's live input of the configured provider, or null (local mode, or a class made before the switch).</summary>
    public static Task<StreamInput?> FindLiveInputAsync(this IApplicationDbContext db, StreamingProviderKind provider, Guid streamId, CancellationToken cancellationToken)
    {
        if (provider == StreamingProviderKind.Local) return Task.FromResult<StreamInput?>(null);
        var kind = provider.ToString();
        return db.StreamInputs.AsNoTracking().SingleOrDefaultAsync(i => i.StreamId == streamId && i.Provider == kind, cancellationToken);
    }
}
