using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Live.Replay;
using Streaming.Domain.Live;
using Streaming.Infrastructure.Data;

namespace Streaming.Web.FunctionalTests.Live;

/// <summary>The live tests' app with local blob storage in a temporary folder and a small chunk limit.</summary>
public abstract class ReplayTestBase : LiveTestBase
{
    protected const int MaxChunkBytes = 64 * 1024;

    protected string BlobRoot { get; private set; } = null!;

    protected override void Configure(StreamingWebFactory factory)
    {
        BlobRoot = Directory.CreateTempSubdirectory("live-blobs-").FullName;
        factory.Settings["Storage:Provider"] = "Local";
        factory.Settings["Storage:Local:Root"] = BlobRoot;
        factory.Settings["Storage:Local:SigningKey"] = "live-replay-tests-signing-key-0123456789";
        factory.Settings["Streaming:Replay:MaxChunkBytes"] = MaxChunkBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    [OneTimeTearDown]
    public void DeleteBlobs()
    {
        if (BlobRoot is not null && Directory.Exists(BlobRoot)) Directory.Delete(BlobRoot, recursive: true);
    }

    protected static async Task<HttpResponseMessage> PostChunkAsync(PageClient visitor, Guid streamId, int index, byte[] body, string contentType = "video/webm")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/live/{streamId}/recording/chunks/{index}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        request.Headers.Accept.ParseAdd("application/json");
        return await visitor.Http.SendAsync(request);
    }

    protected static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    protected string ChunkPath(Guid streamId, int index) => Path.Combine(BlobRoot, ReplayKeys.Chunk(streamId, index));

    protected Task<List<LiveRecordingChunk>> ChunksAsync(Guid streamId) =>
        InScopeAsync(sp => sp.GetRequiredService<ApplicationDbContext>().LiveRecordingChunks.AsNoTracking()
            .Where(c => c.StreamId == streamId).OrderBy(c => c.Index).ToListAsync());

    protected Task<LiveRecording?> RecordingAsync(Guid streamId) =>
        InScopeAsync(sp => sp.GetRequiredService<ApplicationDbContext>().LiveRecordings.AsNoTracking().SingleOrDefaultAsync(r => r.StreamId == streamId));

    protected static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
