using Microsoft.Extensions.Logging.Abstractions;
using Streaming.Infrastructure.Media;

namespace Streaming.Infrastructure.IntegrationTests.Media;

/// <summary>The scratch folders the media use cases write through (on the real disk).</summary>
public class ScratchFilesTests
{
    private static readonly ScratchFiles Scratch = new(NullLogger<ScratchFiles>.Instance);

    [Test]
    public async Task A_folder_keeps_its_files_until_disposed_and_then_is_gone()
    {
        var folder = Scratch.CreateFolder("test");
        var path = folder.PathOf("a.bin");
        var size = await folder.WriteAsync("a.bin", new MemoryStream([1, 2, 3]), maxBytes: 3, CancellationToken.None);
        await using (var read = folder.OpenRead("a.bin"))
            Assert.That(read.Length, Is.EqualTo(3));

        await folder.DisposeAsync();

        Assert.That(size, Is.EqualTo(3));
        Assert.That(Directory.Exists(Path.GetDirectoryName(path)), Is.False);
    }

    [Test]
    public async Task Writing_past_the_limit_answers_null()
    {
        await using var folder = Scratch.CreateFolder("test");

        var size = await folder.WriteAsync("big.bin", new MemoryStream(new byte[100_000]), maxBytes: 99_999, CancellationToken.None);

        Assert.That(size, Is.Null);
    }

    [TestCase("../escape.bin")]
    [TestCase("sub/file.bin")]
    [TestCase("")]
    public async Task A_name_that_is_not_a_plain_file_name_is_refused(string name)
    {
        await using var folder = Scratch.CreateFolder("test");

        Assert.Throws<ArgumentException>(() => folder.PathOf(name));
    }

    [Test]
    public async Task Two_folders_for_the_same_purpose_are_separate()
    {
        await using var first = Scratch.CreateFolder("same");
        await using var second = Scratch.CreateFolder("same");

        Assert.That(first.PathOf("x"), Is.Not.EqualTo(second.PathOf("x")));
    }
}
