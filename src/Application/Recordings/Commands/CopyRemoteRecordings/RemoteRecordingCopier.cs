using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Jobs;
using Streaming.Application.Recordings.Common;
using Streaming.Domain.Recordings;

namespace Streaming.Application.Recordings.Commands.CopyRemoteRecordings;

/// <summary>
/// One recording's copy: the file from its URL into the store (retried with back-off), then, under
/// the recording's row lock, the recording pointed at the copy — unless a new file was attached
/// meanwhile, in which case the copy is deleted and the new file stays.
/// </summary>
public sealed class RemoteRecordingCopier(
    IApplicationDbContext db, IBlobStorage storage, IRemoteMedia remote, JobRetry retry, TimeProvider clock, ILogger logger)
{
    /// <summary>Copies the file at <paramref name="location"/> (an http(s) URL) and points the recording at the copy; false when the URL has no file.</summary>
    public async Task<bool> CopyAsync(Guid id, string location, CancellationToken cancellationToken)
    {
        var url = new Uri(location);
        var recording = await db.Recordings.AsNoTracking().SingleAsync(r => r.Id == id, cancellationToken);
        var extension = RecordingNames.Extension(location, recording.Kind == RecordingType.Voice ? ".m4a" : ".mp4");
        var key = BlobKeys.NewCopy(recording.Kind.ToKind().ToParameter(), id, extension, clock.GetUtcNow());
        var size = await retry.ExecuteAsync(async ct =>
        {
            await using var file = await remote.OpenAsync(url, null, ct);
            return file is null ? (long?)null : await storage.PutAsync(key, file.Content, RecordingShares.ContentTypeOf(key), ct);
        }, cancellationToken);
        if (size is null) return false;

        if (await PointAtCopyAsync(id, location, key, size.Value, cancellationToken))
            logger.LogInformation("Copied recording {RecordingId} ({Bytes} bytes) from {Host} into the store as {Key}", id, size.Value, url.Host, key);
        else
        {
            // Deleted, or a new file was attached while this one was copied: the copy is nobody's.
            await storage.DeleteAsync(key, cancellationToken);
            logger.LogInformation("Recording {RecordingId} changed while its file was copied; the copy was dropped", id);
        }

        return true;
    }

    /// <summary>
    /// Marks the recording's failed copy (to the back of the job's queue), unless its file changed
    /// meanwhile. A failure to mark is logged and swallowed: the copy's own failure is what the run reports.
    /// </summary>
    public async Task NoteFailureAsync(Guid id, string location, CancellationToken cancellationToken)
    {
        try
        {
            await using var transaction = await db.BeginTransactionAsync(cancellationToken);
            var current = await db.FindRecordingForUpdateAsync(id, cancellationToken);
            if (current is null || !current.CopyFailed(location, clock.GetUtcNow())) return;
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            db.DiscardChanges();
            logger.LogWarning(e, "Could not mark recording {RecordingId}'s failed copy", id);
        }
    }

    /// <summary>The recording reads the copy from now on; false when its file is no longer the one at <paramref name="location"/>.</summary>
    private async Task<bool> PointAtCopyAsync(Guid id, string location, string key, long size, CancellationToken cancellationToken)
    {
        try
        {
            await using var transaction = await db.BeginTransactionAsync(cancellationToken);
            var current = await db.FindRecordingForUpdateAsync(id, cancellationToken);
            if (current is null || !current.MoveFileToStore(location, key, size)) return false;
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        catch
        {
            // Not recorded: the next run copies again, so this copy would be left behind.
            await storage.DeleteAsync(key, CancellationToken.None);
            throw;
        }
    }
}
