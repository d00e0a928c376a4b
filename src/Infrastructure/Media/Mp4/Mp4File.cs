using System.Buffers.Binary;
using System.Text;

namespace Streaming.Infrastructure.Media.Mp4;

/// <summary>One sample as an MP4's sample tables place it: where its bytes are, and when it is decoded and shown (track ticks).</summary>
/// <param name="CompositionOffset">Presentation minus decode time, before the edit list.</param>
public readonly record struct Mp4Sample(long Offset, int Size, long Dts, int CompositionOffset, bool Sync);

/// <summary>
/// A track of an MP4 read from its <c>moov</c>: the boxes copied as they are into a file made from it
/// (header, handler, media header, sample description) and every sample.
/// </summary>
/// <param name="EditMediaTime">The one edit's start in track ticks (0 without an edit list): where presentation starts.</param>
/// <param name="StartsLate">An empty edit delays the track's start.</param>
public sealed record Mp4Track(uint Id, string Handler, uint Timescale, long EditMediaTime, bool StartsLate, byte[] TrackHeader, byte[] HandlerBox, byte[] MediaHeaderBox,
    byte[] SampleDescription, int SampleDescriptionCount, IReadOnlyList<Mp4Sample> Samples)
{
    /// <summary>The first sample entry's type ("avc1", "mp4a", …).</summary>
    public string EntryType => SampleDescription.Length >= 24 ? Encoding.ASCII.GetString(SampleDescription, 20, 4) : "";

    /// <summary>The first sample entry's body (after its 8-byte header).</summary>
    public ReadOnlySpan<byte> Entry => SampleDescription.Length >= 24
        ? SampleDescription.AsSpan(24, Math.Min(SampleDescription.Length - 24, (int)BinaryPrimitives.ReadUInt32BigEndian(SampleDescription.AsSpan(16)) - 8))
        : [];

    /// <summary>A box inside the first sample entry (avcC, esds), after skipping <paramref name="entryHeader"/> bytes of fixed fields; empty when absent.</summary>
    public ReadOnlySpan<byte> EntryChild(string type, int entryHeader)
    {
        var entry = Entry;
        return entry.Length > entryHeader && Mp4File.FindChild(entry[entryHeader..], type) is var (start, length) ? entry.Slice(entryHeader + start, length) : [];
    }
}

/// <summary>
/// The parts of an MP4 (ISO BMFF) a smart cut needs, read from the file's <c>moov</c>: tracks and
/// sample tables. Fragmented files, edit lists with more than one edit into the media, and
/// anything malformed give null, so the caller can take FFmpeg's way instead.
/// </summary>
public sealed class Mp4File
{
    private const long MaxMoovBytes = 256L * 1024 * 1024;

    /// <summary>More samples than a track of days at 60 frames a second: a damaged count.</summary>
    private const int MaxSamples = 50_000_000;

    private Mp4File(IReadOnlyList<Mp4Track> tracks) => Tracks = tracks;

    public IReadOnlyList<Mp4Track> Tracks { get; }

    public Mp4Track? FirstOf(string handler) => Tracks.FirstOrDefault(t => t.Handler == handler);

    public static Mp4File? Read(string path)
    {
        using var source = ByteSource.Open(path, CancellationToken.None);
        return source is null ? null : Read(source);
    }

    /// <summary>Walks the top-level boxes (a read each) and parses the <c>moov</c> (one read).</summary>
    public static Mp4File? Read(ByteSource source)
    {
        try
        {
            var length = source.Length;
            var header = new byte[16];
            byte[]? moov = null;
            for (long at = 0; at + 8 <= length;)
            {
                if (source.Read(header, at) < 8) return null;
                long size = BinaryPrimitives.ReadUInt32BigEndian(header);
                var type = Encoding.ASCII.GetString(header, 4, 4);
                var headerSize = 8;
                if (size == 1)
                {
                    size = (long)BinaryPrimitives.ReadUInt64BigEndian(header.AsSpan(8));
                    headerSize = 16;
                }
                else if (size == 0) size = length - at;

                if (size < headerSize || at + size > length) return null;
                if (type == "moof") return null;
                if (type == "moov")
                {
                    if (size > MaxMoovBytes) return null;
                    moov = new byte[size - headerSize];
                    if (source.Read(moov, at + headerSize) != moov.Length) return null;
                }

                at += size;
            }

            // Every sample must lie inside the file: a damaged or cut-off file is left to FFmpeg.
            return moov is null ? null
                : Parse(moov) is { } file && file.Tracks.All(t => t.Samples.All(s => s.Offset >= 0 && s.Size >= 0 && s.Offset + s.Size <= length)) ? file
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or OverflowException or IndexOutOfRangeException or HttpRequestException)
        {
            return null;
        }
    }

    private static Mp4File? Parse(ReadOnlySpan<byte> moov)
    {
        var tracks = new List<Mp4Track>();
        foreach (var (type, start, length) in Children(moov))
        {
            if (type == "mvex") return null;
            if (type != "trak") continue;
            var track = ParseTrack(moov.Slice(start, length));
            if (track is null) return null;
            tracks.Add(track);
        }

        return new Mp4File(tracks);
    }

    private static Mp4Track? ParseTrack(ReadOnlySpan<byte> trak)
    {
        var tkhd = Child(trak, "tkhd");
        var mdia = Child(trak, "mdia");
        var mdhd = Child(mdia, "mdhd");
        var hdlr = Child(mdia, "hdlr");
        var minf = Child(mdia, "minf");
        var stbl = Child(minf, "stbl");
        if (tkhd.Length < 84 || mdhd.Length < 24 || hdlr.Length < 12 || stbl.IsEmpty) return null;
        var id = BinaryPrimitives.ReadUInt32BigEndian(tkhd[(tkhd[0] == 1 ? 4 + 16 : 4 + 8)..]);
        var timescale = BinaryPrimitives.ReadUInt32BigEndian(mdhd[(mdhd[0] == 1 ? 4 + 16 : 4 + 8)..]);
        var handler = Encoding.ASCII.GetString(hdlr.Slice(8, 4));
        var mediaHeader = handler switch { "vide" => ChildBox(minf, "vmhd"), "soun" => ChildBox(minf, "smhd"), _ => [] };
        if (timescale == 0) return null;

        // Empty edits (a delay before the track starts) first, then at most one edit into the media.
        long editStart = 0;
        var startsLate = false;
        var elst = Child(Child(trak, "edts"), "elst");
        if (!elst.IsEmpty)
        {
            var wide = elst[0] == 1;
            var entry = wide ? 20 : 12;
            var count = BinaryPrimitives.ReadUInt32BigEndian(elst[4..]);
            var media = new List<long>();
            for (var e = 0; e < count; e++)
            {
                var at = 8 + e * entry;
                var time = wide ? BinaryPrimitives.ReadInt64BigEndian(elst[(at + 8)..]) : BinaryPrimitives.ReadInt32BigEndian(elst[(at + 4)..]);
                if (time == -1 && media.Count == 0) startsLate = true;
                else media.Add(time);
            }

            if (media.Count > 1 || media.Any(t => t < 0)) return null;
            editStart = media.FirstOrDefault();
        }

        var stsd = ChildBox(stbl, "stsd");
        var samples = ParseSamples(stbl);
        if (samples is null || stsd.Length < 24) return null;
        return new Mp4Track(id, handler, timescale, editStart, startsLate, ChildBox(trak, "tkhd"), ChildBox(mdia, "hdlr"), mediaHeader, stsd,
            (int)BinaryPrimitives.ReadUInt32BigEndian(stsd.AsSpan(12)), samples);
    }

    private static Mp4Sample[]? ParseSamples(ReadOnlySpan<byte> stbl)
    {
        var stsz = Child(stbl, "stsz");
        var stts = Child(stbl, "stts");
        var stsc = Child(stbl, "stsc");
        var stco = Child(stbl, "stco");
        var co64 = Child(stbl, "co64");
        if (stsz.Length < 12 || stts.Length < 8 || stsc.Length < 8 || (stco.IsEmpty && co64.IsEmpty)) return null;

        var count = checked((int)BinaryPrimitives.ReadUInt32BigEndian(stsz[8..]));
        var fixedSize = BinaryPrimitives.ReadUInt32BigEndian(stsz[4..]);
        // Every sample has a decode delta in stts (8 bytes a run) and, unless they share one size, 4 bytes in stsz:
        // a count the tables cannot hold is a damaged file, not a reason to allocate gigabytes.
        if (count > MaxSamples || (fixedSize == 0 && count > (stsz.Length - 12) / 4)) return null;
        var sizes = new int[count];
        for (var i = 0; i < count; i++) sizes[i] = checked((int)(fixedSize != 0 ? fixedSize : BinaryPrimitives.ReadUInt32BigEndian(stsz[(12 + 4 * i)..])));

        var dts = new long[count];
        var n = 0;
        long time = 0;
        var runs = BinaryPrimitives.ReadUInt32BigEndian(stts[4..]);
        for (var r = 0; r < runs && n < count; r++)
        {
            var (runCount, delta) = (BinaryPrimitives.ReadUInt32BigEndian(stts[(8 + 8 * r)..]), BinaryPrimitives.ReadUInt32BigEndian(stts[(12 + 8 * r)..]));
            for (var k = 0; k < runCount && n < count; k++, time += delta) dts[n++] = time;
        }

        if (n != count) return null;

        var offsets = new int[count];
        var ctts = Child(stbl, "ctts");
        if (!ctts.IsEmpty)
        {
            n = 0;
            var entries = BinaryPrimitives.ReadUInt32BigEndian(ctts[4..]);
            for (var r = 0; r < entries && n < count; r++)
            {
                var (runCount, offset) = (BinaryPrimitives.ReadUInt32BigEndian(ctts[(8 + 8 * r)..]), BinaryPrimitives.ReadInt32BigEndian(ctts[(12 + 8 * r)..]));
                for (var k = 0; k < runCount && n < count; k++) offsets[n++] = offset;
            }
        }

        var sync = new bool[count];
        var stss = Child(stbl, "stss");
        if (stss.IsEmpty) Array.Fill(sync, true);
        else
            for (var e = 0; e < BinaryPrimitives.ReadUInt32BigEndian(stss[4..]); e++)
            {
                var number = BinaryPrimitives.ReadUInt32BigEndian(stss[(8 + 4 * e)..]);
                if (number >= 1 && number <= count) sync[number - 1] = true;
            }

        // Chunks: stsc gives samples per chunk from a first chunk on, stco/co64 where each chunk starts.
        var chunks = co64.IsEmpty ? BinaryPrimitives.ReadUInt32BigEndian(stco[4..]) : BinaryPrimitives.ReadUInt32BigEndian(co64[4..]);
        var stscEntries = BinaryPrimitives.ReadUInt32BigEndian(stsc[4..]);
        var result = new Mp4Sample[count];
        n = 0;
        for (var e = 0; e < stscEntries && n < count; e++)
        {
            var firstChunk = BinaryPrimitives.ReadUInt32BigEndian(stsc[(8 + 12 * e)..]);
            var perChunk = BinaryPrimitives.ReadUInt32BigEndian(stsc[(12 + 12 * e)..]);
            var lastChunk = e + 1 < stscEntries ? BinaryPrimitives.ReadUInt32BigEndian(stsc[(8 + 12 * (e + 1))..]) - 1 : chunks;
            for (var c = firstChunk; c <= lastChunk && n < count; c++)
            {
                if (c < 1 || c > chunks) return null;
                var at = co64.IsEmpty ? BinaryPrimitives.ReadUInt32BigEndian(stco[(8 + 4 * ((int)c - 1))..]) : (long)BinaryPrimitives.ReadUInt64BigEndian(co64[(8 + 8 * ((int)c - 1))..]);
                for (var k = 0; k < perChunk && n < count; k++, n++)
                {
                    result[n] = new Mp4Sample(at, sizes[n], dts[n], offsets[n], sync[n]);
                    at += sizes[n];
                }
            }
        }

        return n == count ? result : null;
    }

    /// <summary>The child boxes of a box's body: type, start and length of each child's body.</summary>
    private static List<(string Type, int Start, int Length)> Children(ReadOnlySpan<byte> body)
    {
        var list = new List<(string, int, int)>();
        for (var at = 0; at + 8 <= body.Length;)
        {
            long size = BinaryPrimitives.ReadUInt32BigEndian(body[at..]);
            var header = 8;
            if (size == 1 && at + 16 <= body.Length)
            {
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(body[(at + 8)..]);
                header = 16;
            }
            else if (size == 0) size = body.Length - at;

            if (size < header || at + size > body.Length) break;
            list.Add((Encoding.ASCII.GetString(body.Slice(at + 4, 4)), at + header, (int)size - header));
            at += (int)size;
        }

        return list;
    }

    /// <summary>Start and length of the first child box of <paramref name="type"/> (its body), or null.</summary>
    internal static (int Start, int Length)? FindChild(ReadOnlySpan<byte> body, string type)
    {
        foreach (var (t, start, length) in Children(body))
            if (t == type) return (start, length);
        return null;
    }

    /// <summary>A child's body, after its header (empty when absent); a full box's starts with its version and flags.</summary>
    private static ReadOnlySpan<byte> Child(ReadOnlySpan<byte> body, string type) =>
        FindChild(body, type) is var (start, length) ? body.Slice(start, length) : [];

    /// <summary>A child box as it is in the file, header included (to be copied into another file).</summary>
    private static byte[] ChildBox(ReadOnlySpan<byte> body, string type) =>
        FindChild(body, type) is var (start, length) ? body.Slice(start - 8, length + 8).ToArray() : [];
}
