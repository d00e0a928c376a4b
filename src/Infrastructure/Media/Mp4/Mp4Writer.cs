using System.Buffers.Binary;
using System.Text;

namespace Streaming.Infrastructure.Media.Mp4;

/// <summary>A sample of a file being written: where its bytes went, and its timing (track ticks).</summary>
public readonly record struct OutputSample(long Offset, int Size, long Duration, int CompositionOffset, bool Sync);

/// <summary>
/// A track of a file being written. <paramref name="From"/> lends the boxes copied as they are (sample
/// description, handler, media header, and the picture size and matrix of its track header).
/// </summary>
/// <param name="EditMediaTime">Where presentation starts, in track ticks (the edit list hides what comes before).</param>
/// <param name="EditDuration">How long the track presents, in track ticks.</param>
public sealed record OutputTrack(uint Id, Mp4Track From, IReadOnlyList<OutputSample> Samples, long EditMediaTime, long EditDuration);

/// <summary>
/// Writes the header boxes of an MP4 whose media data is placed by the caller: <c>ftyp</c>, and a
/// <c>moov</c> whose chunk offsets point wherever the samples were written (so the copied part of a
/// clip can be written first, while the re-encoded head is still being made, and the index still
/// goes in front of it).
/// </summary>
public static class Mp4Writer
{
    private const uint MovieTimescale = 1000;

    /// <summary>Upper bound of a <c>moov</c>'s bytes per sample: size, decode delta, composition offset, sync entry, chunk offset, chunk run.</summary>
    public const int BytesPerSample = 48;

    private static readonly uint[] Identity = [0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000];

    public static byte[] FileType()
    {
        var boxes = new Boxes();
        boxes.Open("ftyp").Ascii("isom").U32(0x200).Ascii("isom").Ascii("iso2").Ascii("avc1").Ascii("mp41").Close();
        return boxes.ToArray();
    }

    /// <summary>The 8-byte header of a <c>free</c> box of <paramref name="size"/> bytes (what follows it is never read).</summary>
    public static byte[] FreeHeader(long size)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, checked((uint)size));
        Encoding.ASCII.GetBytes("free", bytes.AsSpan(4));
        return bytes;
    }

    /// <summary>The 16-byte header of an <c>mdat</c> of <paramref name="size"/> bytes, header included (64-bit size).</summary>
    public static byte[] MediaDataHeader(long size)
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, 1);
        Encoding.ASCII.GetBytes("mdat", bytes.AsSpan(4));
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(8), (ulong)size);
        return bytes;
    }

    public static byte[] Movie(IReadOnlyList<OutputTrack> tracks)
    {
        var boxes = new Boxes();
        var durations = tracks.Select(t => ToMovie(t.EditDuration, t.From.Timescale)).ToList();
        boxes.Open("moov");
        boxes.Full("mvhd", 1, 0).U64(0).U64(0).U32(MovieTimescale).U64((ulong)durations.DefaultIfEmpty(0).Max())
            .U32(0x00010000).U16(0x0100).U16(0).U32(0).U32(0).Matrix(Identity).Zeros(24).U32(tracks.Max(t => t.Id) + 1).Close();
        for (var i = 0; i < tracks.Count; i++) Track(boxes, tracks[i], durations[i]);
        return boxes.Close().ToArray();
    }

    private static void Track(Boxes boxes, OutputTrack track, long movieDuration)
    {
        var from = track.From;
        var samples = track.Samples;
        boxes.Open("trak");
        // The picture size, matrix, volume and layer are the last 52 bytes of any version's tkhd.
        boxes.Full("tkhd", 1, 3).U64(0).U64(0).U32(track.Id).U32(0).U64((ulong)movieDuration).Zeros(8).Raw(from.TrackHeader.AsSpan(from.TrackHeader.Length - 52)).Close();
        boxes.Open("edts").Full("elst", 1, 0).U32(1).U64((ulong)movieDuration).I64(track.EditMediaTime).U16(1).U16(0).Close().Close();
        boxes.Open("mdia");
        boxes.Full("mdhd", 1, 0).U64(0).U64(0).U32(from.Timescale).U64((ulong)samples.Sum(s => s.Duration)).U16(0x55C4).U16(0).Close();
        boxes.Raw(from.HandlerBox);
        boxes.Open("minf");
        if (from.MediaHeaderBox.Length > 0) boxes.Raw(from.MediaHeaderBox);
        boxes.Open("dinf").Full("dref", 0, 0).U32(1).Full("url ", 0, 1).Close().Close().Close();
        boxes.Open("stbl").Raw(from.SampleDescription);
        SampleTables(boxes, samples);
        boxes.Close().Close().Close().Close();
    }

    private static void SampleTables(Boxes boxes, IReadOnlyList<OutputSample> samples)
    {
        var durations = Runs(samples.Select(s => s.Duration));
        boxes.Full("stts", 0, 0).U32((uint)durations.Count);
        foreach (var (count, value) in durations) boxes.U32((uint)count).U32((uint)value);
        boxes.Close();

        if (samples.Any(s => s.CompositionOffset != 0))
        {
            var offsets = Runs(samples.Select(s => (long)s.CompositionOffset));
            boxes.Full("ctts", (byte)(samples.Any(s => s.CompositionOffset < 0) ? 1 : 0), 0).U32((uint)offsets.Count);
            foreach (var (count, value) in offsets) boxes.U32((uint)count).I32((int)value);
            boxes.Close();
        }

        if (samples.Any(s => !s.Sync))
        {
            var sync = Enumerable.Range(0, samples.Count).Where(i => samples[i].Sync).ToList();
            boxes.Full("stss", 0, 0).U32((uint)sync.Count);
            foreach (var i in sync) boxes.U32((uint)i + 1);
            boxes.Close();
        }

        // A chunk is a run of samples written one after the other.
        var chunks = new List<(long Offset, int Samples)>();
        for (var i = 0; i < samples.Count; i++)
        {
            if (i > 0 && samples[i].Offset == samples[i - 1].Offset + samples[i - 1].Size) chunks[^1] = (chunks[^1].Offset, chunks[^1].Samples + 1);
            else chunks.Add((samples[i].Offset, 1));
        }

        var perChunk = new List<(uint FirstChunk, int Samples)>();
        for (var c = 0; c < chunks.Count; c++)
            if (perChunk.Count == 0 || perChunk[^1].Samples != chunks[c].Samples) perChunk.Add(((uint)c + 1, chunks[c].Samples));
        boxes.Full("stsc", 0, 0).U32((uint)perChunk.Count);
        foreach (var (first, count) in perChunk) boxes.U32(first).U32((uint)count).U32(1);
        boxes.Close();

        boxes.Full("stsz", 0, 0).U32(0).U32((uint)samples.Count);
        foreach (var sample in samples) boxes.U32((uint)sample.Size);
        boxes.Close();

        boxes.Full("co64", 0, 0).U32((uint)chunks.Count);
        foreach (var (offset, _) in chunks) boxes.U64((ulong)offset);
        boxes.Close();
    }

    private static long ToMovie(long ticks, uint timescale) => (long)Math.Round(ticks * (double)MovieTimescale / timescale);

    private static List<(int Count, long Value)> Runs(IEnumerable<long> values)
    {
        var runs = new List<(int Count, long Value)>();
        foreach (var value in values)
        {
            if (runs.Count > 0 && runs[^1].Value == value) runs[^1] = (runs[^1].Count + 1, value);
            else runs.Add((1, value));
        }

        return runs;
    }

    /// <summary>Big-endian box writing; <see cref="Close"/> fills in the size of the box opened last.</summary>
    private sealed class Boxes
    {
        private readonly MemoryStream _stream = new();
        private readonly Stack<long> _open = new();

        public Boxes Open(string type)
        {
            _open.Push(_stream.Position);
            return U32(0).Ascii(type);
        }

        public Boxes Full(string type, byte version, uint flags) => Open(type).U32(((uint)version << 24) | flags);

        public Boxes Close()
        {
            var start = _open.Pop();
            var end = _stream.Position;
            _stream.Position = start;
            U32(checked((uint)(end - start)));
            _stream.Position = end;
            return this;
        }

        public Boxes Ascii(string text) => Raw(Encoding.ASCII.GetBytes(text));

        public Boxes U16(ushort value)
        {
            Span<byte> bytes = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
            return Raw(bytes);
        }

        public Boxes U32(uint value)
        {
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
            return Raw(bytes);
        }

        public Boxes I32(int value) => U32(unchecked((uint)value));

        public Boxes U64(ulong value)
        {
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
            return Raw(bytes);
        }

        public Boxes I64(long value) => U64(unchecked((ulong)value));

        public Boxes Zeros(int count) => Raw(new byte[count]);

        public Boxes Matrix(uint[] values)
        {
            foreach (var value in values) U32(value);
            return this;
        }

        public Boxes Raw(ReadOnlySpan<byte> bytes)
        {
            _stream.Write(bytes);
            return this;
        }

        public byte[] ToArray() => _stream.ToArray();
    }
}
