using System.Security.Cryptography;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Infrastructure.Media;

/// <summary>
/// Streams the chunks out of blob storage into WebM part files (hashing as it goes, so a chunk damaged
/// in storage is caught before FFmpeg sees it), then hands the parts to the <see cref="IReplayTranscoder"/>.
/// </summary>
public sealed class ReplayAssembler(IBlobStorage storage, IReplayTranscoder transcoder) : IReplayAssembler
{
    /// <summary>A WebM (Matroska) file starts with the EBML magic; a chunk that does starts a new recorder's stream.</summary>
    private static readonly byte[] EbmlMagic = [0x1A, 0x45, 0xDF, 0xA3];

    public async Task AssembleAsync(IReadOnlyList<RecordingChunkRef> chunks, IScratchFolder folder, string outputName, CancellationToken cancellationToken)
    {
        var parts = await JoinAsync(chunks, folder, cancellationToken);
        await transcoder.TranscodeAsync(parts, folder.PathOf(outputName), cancellationToken);
    }

    private async Task<List<string>> JoinAsync(IReadOnlyList<RecordingChunkRef> chunks, IScratchFolder folder, CancellationToken cancellationToken)
    {
        var parts = new List<string>();
        Stream? part = null;
        var buffer = new byte[81920];
        try
        {
            foreach (var chunk in chunks)
            {
                await using var blob = await storage.OpenReadAsync(chunk.Key, null, cancellationToken)
                                       ?? throw new MediaProcessingException($"Recording chunk {chunk.Index} is missing from storage.");
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                long size = 0;
                int read;
                while ((read = await blob.Content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    if (size == 0 && (part is null || (read >= EbmlMagic.Length && buffer.AsSpan(0, EbmlMagic.Length).SequenceEqual(EbmlMagic))))
                    {
                        if (part is not null) await part.DisposeAsync();
                        var name = $"part-{parts.Count:D3}.webm";
                        parts.Add(folder.PathOf(name));
                        part = folder.Create(name);
                    }

                    hash.AppendData(buffer, 0, read);
                    size += read;
                    await part!.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                if (size != chunk.SizeBytes || Convert.ToHexStringLower(hash.GetHashAndReset()) != chunk.Sha256)
                    throw new MediaProcessingException($"Recording chunk {chunk.Index} was damaged in storage.");
            }

            return parts;
        }
        finally
        {
            if (part is not null) await part.DisposeAsync();
        }
    }
}
