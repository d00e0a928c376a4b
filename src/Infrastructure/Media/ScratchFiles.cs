using Microsoft.Extensions.Logging;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Infrastructure.Media;

/// <summary>Scratch folders under the machine's temporary folder, one per piece of media work.</summary>
public sealed class ScratchFiles(ILogger<ScratchFiles> logger) : IScratchFiles
{
    private const int BufferSize = 81920;

    public IScratchFolder CreateFolder(string purpose)
    {
        var path = Path.Combine(Path.GetTempPath(), $"streaming-{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return new Folder(path, logger);
    }

    private sealed class Folder(string root, ILogger logger) : IScratchFolder
    {
        public string PathOf(string fileName)
        {
            // Names come from code, never from users; still, nothing may leave the folder.
            if (fileName.Length == 0 || Path.GetFileName(fileName) != fileName)
                throw new ArgumentException($"'{fileName}' is not a plain file name.", nameof(fileName));
            return Path.Combine(root, fileName);
        }

        public Stream Create(string fileName) =>
            new FileStream(PathOf(fileName), FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous);

        public async Task<long?> WriteAsync(string fileName, Stream content, long maxBytes, CancellationToken cancellationToken)
        {
            await using var file = Create(fileName);
            var buffer = new byte[BufferSize];
            long total = 0;
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > maxBytes) return null;
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            return total;
        }

        public Stream OpenRead(string fileName) =>
            new FileStream(PathOf(fileName), FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous);

        public ValueTask DisposeAsync()
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(e, "Could not delete the scratch folder {Folder}", root);
            }

            return ValueTask.CompletedTask;
        }
    }
}
