using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Recordings.Common;
using Streaming.Domain.Live;
using Streaming.Domain.Streams;

namespace Streaming.Application.Live.Replay;

/// <summary>
/// Makes replays. A plain class behind an interface, run by the replay-assembly background job
/// (<see cref="Commands.AssembleReplays.AssembleReplaysCommand"/>): <see cref="RequeueStaleAsync"/>, then <see cref="RunNextAsync"/> until it returns false.
/// </summary>
public interface IReplayJob
{
    /// <summary>Takes back recordings a stopped job left in Processing (or fails them after too many attempts). Returns how many.</summary>
    Task<int> RequeueStaleAsync(CancellationToken cancellationToken);

    /// <summary>Assembles the oldest waiting recording of an ended class; false when there was none.</summary>
    Task<bool> RunNextAsync(CancellationToken cancellationToken);
}

public sealed class ReplayJob(
    IApplicationDbContext db, IBlobStorage storage, IReplayTranscoder transcoder, TimeProvider clock,
    IOptions<ReplayOptions> options, ILogger<ReplayJob> logger) : IReplayJob
{
    /// <summary>How often the row is touched while FFmpeg runs, proving the job is alive.</summary>
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(5);

    /// <summary>A WebM (Matroska) file starts with the EBML magic; a chunk that does starts a new recorder's stream.</summary>
    private static readonly byte[] EbmlMagic = [0x1A, 0x45, 0xDF, 0xA3];

    public async Task<int> RequeueStaleAsync(CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow() - options.Value.StaleAfter;
        var stale = await db.LiveRecordings.Where(r => r.Status == LiveRecordingStatus.Processing && r.UpdatedAt < before).ToListAsync(cancellationToken);
        foreach (var recording in stale) recording.Requeue(options.Value.MaxAttempts, clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.DiscardChanges(); // another instance got there first, or the job is alive after all
            return 0;
        }

        if (stale.Count > 0) logger.LogWarning("Took back {Count} replay(s) left in Processing by a stopped job", stale.Count);
        return stale.Count;
    }

    public async Task<bool> RunNextAsync(CancellationToken cancellationToken)
    {
        var recording = await db.LiveRecordings
            .Where(r => r.Status == LiveRecordingStatus.Recording
                        && db.Streams.Any(s => s.Id == r.StreamId && s.Status == StreamStatus.Ended))
            .OrderBy(r => r.UpdatedAt)
            .FirstOrDefaultAsync(cancellationToken);
        if (recording is null) return false;

        recording.StartProcessing(clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.DiscardChanges(); // another runner took it
            return true;
        }

        string? failure;
        try
        {
            failure = await AssembleAsync(recording, cancellationToken);
        }
        catch (MediaProcessingException e)
        {
            failure = e.Message;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Taken back as stale by another runner while we worked: theirs is the attempt that counts.
            db.DiscardChanges();
            logger.LogWarning("Replay of {StreamId} was taken over by another runner", recording.StreamId);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Replay of {StreamId} failed", recording.StreamId);
            failure = "Something went wrong while making the replay.";
        }

        if (failure is not null)
        {
            recording.Fail(failure, clock.GetUtcNow());
            await db.SaveChangesAsync(CancellationToken.None);
            logger.LogWarning("Replay of {StreamId} failed: {Reason}", recording.StreamId, failure);
        }

        return true;
    }

    /// <summary>Concatenates, transcodes, verifies and stores; returns why it failed, or null when Available.</summary>
    private async Task<string?> AssembleAsync(LiveRecording recording, CancellationToken cancellationToken)
    {
        var chunks = await db.LiveRecordingChunks.AsNoTracking().Where(c => c.StreamId == recording.StreamId)
            .OrderBy(c => c.Index).ToListAsync(cancellationToken);
        if (chunks.Count == 0) return "Nothing was recorded during this class.";
        for (var i = 0; i < chunks.Count; i++)
            if (chunks[i].Index != i) return $"Recording chunk {i} is missing.";

        var folder = Path.Combine(Path.GetTempPath(), $"replay-{recording.StreamId:N}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var (parts, problem) = await ConcatenateAsync(chunks, folder, cancellationToken);
            if (problem is not null) return problem;

            var output = Path.Combine(folder, "replay.mp4");
            var transcode = transcoder.TranscodeAsync(parts, output, cancellationToken);
            while (!transcode.IsCompleted)
            {
                await Task.WhenAny(transcode, Task.Delay(HeartbeatInterval, clock, cancellationToken));
                if (transcode.IsCompleted) break;
                recording.Touch(clock.GetUtcNow());
                await db.SaveChangesAsync(cancellationToken);
            }

            await transcode;

            // FFmpeg can exit 0 and still leave an empty or unplayable file: check what it wrote.
            var media = await transcoder.ProbeAsync(output, cancellationToken);
            if (media is null || media.DurationSeconds <= 0) return "The replay came out empty: the recording could not be read.";
            if (media.VideoCodec is null) return "The replay has no video: the recording held no camera picture.";

            var key = ReplayKeys.Replay(recording.StreamId);
            long size;
            await using (var file = File.OpenRead(output))
                size = await storage.PutAsync(key, file, "video/mp4", cancellationToken);
            recording.Complete(key, size, media.DurationSeconds, clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Replay of {StreamId} ready ({Seconds:0.##} s, {Bytes} bytes, {Chunks} chunks)",
                recording.StreamId, media.DurationSeconds, size, chunks.Count);
            return null;
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException e)
            {
                logger.LogWarning(e, "Could not delete {Folder}", folder);
            }
        }
    }

    /// <summary>
    /// Writes the chunks, in order, into WebM files: one per recorder stream (a chunk that starts with
    /// a WebM header after the first begins a new one — the page was reloaded mid-class). Each chunk's
    /// size and SHA-256 are checked against what was received.
    /// </summary>
    private async Task<(List<string> Parts, string? Problem)> ConcatenateAsync(List<LiveRecordingChunk> chunks, string folder, CancellationToken cancellationToken)
    {
        var parts = new List<string>();
        FileStream? part = null;
        var buffer = new byte[81920];
        try
        {
            foreach (var chunk in chunks)
            {
                await using var blob = await storage.OpenReadAsync(ReplayKeys.Chunk(chunk.StreamId, chunk.Index), null, cancellationToken);
                if (blob is null) return (parts, $"Recording chunk {chunk.Index} is missing from storage.");
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                long size = 0;
                var first = true;
                int read;
                while ((read = await blob.Content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    if (first)
                    {
                        first = false;
                        if (part is null || (read >= EbmlMagic.Length && buffer.AsSpan(0, EbmlMagic.Length).SequenceEqual(EbmlMagic)))
                        {
                            if (part is not null) await part.DisposeAsync();
                            var path = Path.Combine(folder, $"part-{parts.Count:D3}.webm");
                            parts.Add(path);
                            part = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
                        }
                    }

                    hash.AppendData(buffer, 0, read);
                    size += read;
                    await part!.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                if (size != chunk.SizeBytes || Convert.ToHexStringLower(hash.GetHashAndReset()) != chunk.Sha256)
                    return (parts, $"Recording chunk {chunk.Index} was damaged in storage.");
            }

            return (parts, null);
        }
        finally
        {
            if (part is not null) await part.DisposeAsync();
        }
    }
}
