using System.Security.Cryptography;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Replay;
using Streaming.Domain.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Live;
using Streaming.Domain.Streams;
using Streaming.Infrastructure.IntegrationTests.Enrollments;

namespace Streaming.Infrastructure.IntegrationTests.Jobs;

/// <summary>
/// Ended classes as the app leaves them: ended through the domain at a time in the past, with a
/// browser recording whose chunks and replay MP4 are files in blob storage and rows in the database.
/// </summary>
internal sealed class EndedClasses(AppHarness app, IBlobStorage storage)
{
    public const int ChunkCount = 2;

    /// <summary>A class that ended <paramref name="endedAgo"/> ago, with <paramref name="members"/> active seats.</summary>
    public async Task<Guid> AddAsync(string instructorId, TimeSpan endedAgo, CatalogMark mark = CatalogMark.None, int members = 0,
        bool recorded = true, string title = "Ended class")
    {
        var end = app.Clock.GetUtcNow() - endedAgo;
        var start = end.AddMinutes(-30);
        var stream = LiveStream.Schedule(instructorId, title, "A class that ended.", "Yoga", start, 30, 0, null, start.AddDays(-1));
        stream.GoLive(start);
        var seats = new List<Enrollment>();
        for (var i = 0; i < members; i++)
        {
            var seat = Enrollment.Open(stream, await app.AddMemberAsync("seat"), memberHoldsSeat: false, start);
            seat.Activate(null, start);
            seats.Add(seat);
        }

        if (mark != CatalogMark.None) stream.MarkForCatalog(mark == CatalogMark.Kept, start);
        stream.End(end, RetentionPolicy.Default);

        await using var db = app.Context();
        db.Streams.Add(stream);
        db.Enrollments.AddRange(seats);
        await db.SaveChangesAsync();
        if (!recorded) return stream.Id;

        var recording = LiveRecording.Start(stream.Id, start);
        for (var i = 0; i < ChunkCount; i++)
        {
            var bytes = RandomNumberGenerator.GetBytes(1000 + i);
            await storage.PutAsync(ReplayKeys.Chunk(stream.Id, i), new MemoryStream(bytes), "video/webm", CancellationToken.None);
            recording.AcceptChunk(bytes.Length, start);
            db.LiveRecordingChunks.Add(new LiveRecordingChunk(stream.Id, i, bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes)), start));
        }

        var replay = RandomNumberGenerator.GetBytes(4000);
        var size = await storage.PutAsync(ReplayKeys.Replay(stream.Id), new MemoryStream(replay), "video/mp4", CancellationToken.None);
        recording.StartProcessing(end);
        recording.Complete(ReplayKeys.Replay(stream.Id), size, 1800, end.AddMinutes(1));
        db.LiveRecordings.Add(recording);
        await db.SaveChangesAsync();
        return stream.Id;
    }

    /// <summary>The keys of the class's recording files that still exist.</summary>
    public async Task<List<string>> FilesAsync(Guid streamId)
    {
        var found = new List<string>();
        foreach (var key in Enumerable.Range(0, ChunkCount).Select(i => ReplayKeys.Chunk(streamId, i)).Append(ReplayKeys.Replay(streamId)))
            if (await storage.GetSizeAsync(key, CancellationToken.None) is not null) found.Add(key);
        return found;
    }
}
