using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Replay;
using Streaming.Domain.Live;
using Streaming.Domain.Streams;

namespace Streaming.Application.Live.Commands.AssembleReplays;

/// <summary>
/// Makes replays. A plain class behind an interface, run by the replay-assembly background job
/// (<see cref="AssembleReplaysCommand"/>): <see cref="RequeueStaleAsync"/>, then <see cref="RunNextAsync"/> until it returns false.
/// </summary>
public interface IReplayJob
{
    /// <summary>Takes back recordings a stopped job left in Processing (or fails them after too many attempts). Returns how many.</summary>
    Task<int> RequeueStaleAsync(CancellationToken cancellationToken);

    /// <summary>Assembles the oldest waiting recording of an ended class; false when there was none.</summary>
    Task<bool> RunNextAsync(CancellationToken cancellationToken);
}

public sealed class ReplayJob(
    IApplicationDbContext db, IBlobStorage storage, IScratchFiles scratch, IReplayAssembler assembler, IReplayTranscoder transcoder,
    TimeProvider clock, IOptions<ReplayOptions> options, ILogger<ReplayJob> logger) : IReplayJob
{
    /// <summary>How often the row is touched while FFmpeg runs, proving the job is alive.</summary>
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(5);

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

    /// <summary>Joins and transcodes (behind <see cref="IReplayAssembler"/>), verifies and stores; returns why it failed, or null when Available.</summary>
    private async Task<string?> AssembleAsync(LiveRecording recording, CancellationToken cancellationToken)
    {
        var chunks = await db.LiveRecordingChunks.AsNoTracking().Where(c => c.StreamId == recording.StreamId)
            .OrderBy(c => c.Index).Select(c => new RecordingChunkRef(c.Index, ReplayKeys.Chunk(c.StreamId, c.Index), c.SizeBytes, c.Sha256)).ToListAsync(cancellationToken);
        if (chunks.Count == 0) return "Nothing was recorded during this class.";
        for (var i = 0; i < chunks.Count; i++)
            if (chunks[i].Index != i) return $"Recording chunk {i} is missing.";

        await using var folder = scratch.CreateFolder("replay");
        const string Output = "replay.mp4";
        var assembly = assembler.AssembleAsync(chunks, folder, Output, cancellationToken);
        while (!assembly.IsCompleted)
        {
            await Task.WhenAny(assembly, Task.Delay(HeartbeatInterval, clock, cancellationToken));
            if (assembly.IsCompleted) break;
            recording.Touch(clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
        }

        await assembly;

        // FFmpeg can exit 0 and still leave an empty or unplayable file: check what it wrote.
        var media = await transcoder.ProbeAsync(folder.PathOf(Output), cancellationToken);
        if (media is null || media.DurationSeconds <= 0) return "The replay came out empty: the recording could not be read.";
        if (media.VideoCodec is null) return "The replay has no video: the recording held no camera picture.";

        var key = ReplayKeys.Replay(recording.StreamId);
        long size;
        await using (var file = folder.OpenRead(Output))
            size = await storage.PutAsync(key, file, "video/mp4", cancellationToken);
        recording.Complete(key, size, media.DurationSeconds, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Replay of {StreamId} ready ({Seconds:0.##} s, {Bytes} bytes, {Chunks} chunks)",
            recording.StreamId, media.DurationSeconds, size, chunks.Count);
        return null;
    }
}
