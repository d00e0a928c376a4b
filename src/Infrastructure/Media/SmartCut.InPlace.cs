using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using FFMpegCore;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;
using Streaming.Infrastructure.Media.Mp4;

namespace Streaming.Infrastructure.Media;

/// <summary>
/// The smart cut of an MP4 with our own writer instead of FFmpeg's join: the sample tables are read
/// from the source's <c>moov</c> (no ffprobe), the copied packets go into the clip while the head is
/// still being encoded (a local file's by the kernel, <c>copy_file_range</c>; a URL's, a signed S3
/// link, by one range request), head, tail and audio follow them in the file, and the index in front
/// points at each where it is. The packets are the same as those FFmpeg's join writes; only their
/// order in the file differs.
/// </summary>
public sealed partial class SmartCut
{
    /// <summary>Bytes of a visual sample entry before its child boxes (avcC).</summary>
    private const int VisualEntryFields = 78;

    /// <summary>Room in the index for what is not per sample (headers, sample descriptions).</summary>
    private const int IndexSlack = 64 * 1024;

    /// <summary>
    /// True when the clip is written; false when the source does not allow a smart cut (re-encode it
    /// whole); null when this way does not apply (not an MP4 whose index it can read, such as a
    /// fragmented one, a server without range requests, or a part that came out in a form it does
    /// not take): FFmpeg's join then.
    /// </summary>
    private async Task<bool?> TryCutInPlaceAsync(string input, double startSeconds, double endSeconds, string outputPath, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var reader = ByteSource.Open(input, cancellationToken);
        if (reader is null) return null;
        var file = Mp4File.Read(reader);
        var video = file?.FirstOf("vide");
        if (file is null || video is null || video.Samples.Count < 2 || video.StartsLate) return null;
        var audio = file.FirstOf("soun");
        var source = Facts(video, audio, out var refusal);
        if (source is null)
        {
            logger.LogInformation("Smart cut of {Input} not possible ({Reason}): re-encoding the whole span", input, refusal);
            return false;
        }

        var plan = SmartCutPlan.Create(source.Packets, source.TimeBase, startSeconds, endSeconds, out var reason);
        if (plan is null)
        {
            logger.LogInformation("Smart cut of {Input} not possible ({Reason}): re-encoding the whole span", input, reason);
            return false;
        }

        var packets = source.Packets;
        var first = Enumerable.Range(0, packets.Count).First(i => packets[i].Keyframe && packets[i].Pts == plan.Middle.InPts);
        var stop = plan.Middle.OutDts is { } outDts ? Enumerable.Range(first + 1, packets.Count - first - 1).First(i => packets[i].Dts == outDts) : packets.Count;
        var middle = video.Samples.Skip(first).Take(stop - first).ToList();
        // AAC comes straight from the source's packets; anything else is re-encoded beside the head.
        var copiedAudio = audio is not null && source.CopiesAudio && audio.SampleDescriptionCount == 1 && !audio.StartsLate
            ? AudioSpan(audio, startSeconds, endSeconds) : null;
        var encodesAudio = audio is not null && copiedAudio is null;

        var length = TimeSpan.FromSeconds(endSeconds - startSeconds);
        var audioBound = audio is null ? 0 : (long)Math.Ceiling((length.TotalSeconds + 2) * Math.Max(source.AudioSampleRate, audio.Timescale) / 1024.0) + 16;
        var indexRoom = IndexSlack + video.SampleDescription.Length + (audio?.SampleDescription.Length ?? 0)
                        + (plan.EncodedFrames + middle.Count + audioBound) * (long)Mp4Writer.BytesPerSample;
        var parts = new PartProgress(progress, plan.Head?.Frames ?? 0, plan.Tail?.Frames ?? 0, middle.Count * CopyWeight);
        var (head, tail, audioPart) = (outputPath + ".head.mp4", outputPath + ".tail.mp4", outputPath + ".audio.m4a");
        var completed = false;
        try
        {
            using var clip = new ClipFile(outputPath, indexRoom);
            var read = clock.Elapsed;
            // The copy needs no re-encoded part: it runs beside them (the kernel does it; FFmpeg has the cores).
            var copy = Task.Run(() => clip.AppendCopied(reader, middle, parts.Part(2), cancellationToken), cancellationToken);
            var encodes = Task.WhenAll(
                plan.Head is null ? Task.FromResult(true) : EncodeAsync(input, source, plan.Head, head, parts.Part(0), cancellationToken),
                plan.Tail is null ? Task.FromResult(true) : EncodeAsync(input, source, plan.Tail, tail, parts.Part(1), cancellationToken),
                encodesAudio ? EncodeAudioAsync(input, startSeconds, length, audioPart, cancellationToken) : Task.FromResult(true));
            // Both finish before the file is closed, also when one fails.
            await Task.WhenAll(encodes, copy);
            var copied = copy.Result;
            if (encodes.Result.Contains(false) || copied is null) return false;
            var encoded = clock.Elapsed;

            var headTrack = plan.Head is null ? null : Mp4File.Read(head)?.FirstOf("vide");
            var tailTrack = plan.Tail is null ? null : Mp4File.Read(tail)?.FirstOf("vide");
            var audioTrack = encodesAudio ? Mp4File.Read(audioPart)?.FirstOf("soun") : audio;
            if ((plan.Head is not null && !Fits(headTrack, video, plan.Head)) || (plan.Tail is not null && !Fits(tailTrack, video, plan.Tail))
                || (encodesAudio && audioTrack is not { StartsLate: false }))
            {
                logger.LogInformation("Smart cut of {Input}: a re-encoded part is not in a form the in-place join takes: joining with FFmpeg", input);
                return null;
            }

            var headSamples = headTrack is null ? [] : clip.Append(head, headTrack.Samples, cancellationToken);
            var tailSamples = tailTrack is null ? [] : clip.Append(tail, tailTrack.Samples, cancellationToken);
            var (audioOut, audioEdit) = encodesAudio ? (clip.Append(audioPart, audioTrack!.Samples, cancellationToken), audioTrack.EditMediaTime)
                : copiedAudio is { } span ? (clip.AppendUncopied(reader, span.Samples, cancellationToken), span.EditMediaTime)
                : (null, 0);
            if (headSamples is null || tailSamples is null || (audioTrack is not null && audioOut is null))
            {
                logger.LogWarning("Smart cut of {Input}: a part ended before its samples did; joining with FFmpeg", input);
                return null;
            }

            var videoOut = VideoTrack(video, source, plan, headSamples, copied, tailSamples);
            if (videoOut is null)
            {
                // The head's last packets would be decoded after the copied keyframe: the join would go backwards.
                logger.LogInformation("Smart cut of {Input}: the re-encoded parts reorder less than the source: re-encoding the whole span", input);
                return false;
            }

            var tracks = new List<OutputTrack> { videoOut };
            if (audioTrack is not null && audioOut is { Length: > 0 }) tracks.Add(AudioTrack(audioTrack, audioOut, audioEdit, length));
            if (!clip.Finish(Mp4Writer.Movie(tracks)))
            {
                logger.LogWarning("Smart cut of {Input}: the index outgrew its room; joining with FFmpeg", input);
                return null;
            }

            parts.Finish();
            completed = true;
            logger.LogInformation("Smart cut of {Input}: {Encoded} frame(s) re-encoded, {Copied} copied in place (read {Read} ms, re-encode and copy {Encode} ms, index {Index} ms)",
                input, plan.EncodedFrames, middle.Count, (int)read.TotalMilliseconds, (int)(encoded - read).TotalMilliseconds, (int)(clock.Elapsed - encoded).TotalMilliseconds);
            return true;
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            logger.LogWarning(e, "Smart cut of {Input}: writing the clip failed; joining with FFmpeg", input);
            return null;
        }
        finally
        {
            foreach (var part in new[] { head, tail, audioPart }) File.Delete(part);
            if (!completed) File.Delete(outputPath);
        }
    }

    /// <summary>
    /// The span's AAC packets as FFmpeg's copy takes them: from the packet before the one holding the
    /// start (the decoder's lead-in) to the last one starting before the end; the edit hides the lead-in.
    /// </summary>
    private static (IReadOnlyList<Mp4Sample> Samples, long EditMediaTime)? AudioSpan(Mp4Track audio, double startSeconds, double endSeconds)
    {
        var samples = audio.Samples;
        var (start, end) = ((long)Math.Round(startSeconds * audio.Timescale) + audio.EditMediaTime, (long)Math.Round(endSeconds * audio.Timescale) + audio.EditMediaTime);
        var holding = Enumerable.Range(0, samples.Count).LastOrDefault(i => samples[i].Dts <= start, 0);
        var from = Math.Max(0, holding - 1);
        var last = Enumerable.Range(0, samples.Count).LastOrDefault(i => samples[i].Dts < end, -1);
        return last < holding ? null : (samples.Skip(from).Take(last - from + 1).ToList(), Math.Max(0, start - samples[from].Dts));
    }

    /// <summary>What the cut needs to know of the source, from its sample tables and sample descriptions; null with the reason when it does not qualify.</summary>
    private static SourceFacts? Facts(Mp4Track video, Mp4Track? audio, out string refusal)
    {
        var avcC = video.EntryType is "avc1" or "avc3" ? video.EntryChild("avcC", VisualEntryFields) : [];
        refusal = video.SampleDescriptionCount != 1 ? "more than one video sample description"
            : avcC.Length < 7 ? $"video codec {video.EntryType}"
            : avcC[1] is not (66 or 77 or 100) ? $"H.264 profile {avcC[1]}"
            // High profile: 4:2:0 8-bit unless the record says otherwise.
            : avcC[1] == 100 && HighProfileFormat(avcC) is { } format && format != (1, 0) ? "not 4:2:0 8-bit"
            : "";
        if (refusal.Length > 0) return null;

        var packets = video.Samples.Select(s => new VideoPacket(s.Dts + s.CompositionOffset - video.EditMediaTime, s.Dts - video.EditMediaTime, s.Sync)).ToList();
        var reorders = false;
        var latest = long.MinValue;
        foreach (var packet in packets)
        {
            reorders |= packet.Pts < latest;
            latest = Math.Max(latest, packet.Pts);
        }

        var (audioCodec, sampleRate) = audio is null ? (null, 0) : AudioCodecOf(audio);
        return new SourceFacts(packets, null, video.Id, audio?.Id, 1.0 / video.Timescale, video.Timescale,
            avcC[1] switch { 77 => "main", 100 => "high", _ => "baseline" },
            avcC[3] >= 10 ? (avcC[3] / 10.0).ToString("0.#", CultureInfo.InvariantCulture) : "auto",
            reorders, audioCodec, sampleRate);
    }

    /// <summary>Chroma format and luma bit depth (minus 8) from a High-profile avcC's extension, or null when it has none.</summary>
    private static (int Chroma, int Depth)? HighProfileFormat(ReadOnlySpan<byte> avcC)
    {
        var at = 6;
        for (var i = 0; i < (avcC[5] & 0x1F); i++) at += 2 + BinaryPrimitives.ReadUInt16BigEndian(avcC[at..]);
        if (at >= avcC.Length) return null;
        var pps = avcC[at++];
        for (var i = 0; i < pps; i++) at += 2 + BinaryPrimitives.ReadUInt16BigEndian(avcC[at..]);
        return at + 2 <= avcC.Length ? (avcC[at] & 3, avcC[at + 1] & 7) : null;
    }

    /// <summary>"aac" for MPEG-4 AAC (copied), another name for anything else (re-encoded); and the sample rate of the entry.</summary>
    private static (string Codec, int SampleRate) AudioCodecOf(Mp4Track audio)
    {
        var entry = audio.Entry;
        if (entry.Length < 28) return (audio.EntryType, 0);
        var version = BinaryPrimitives.ReadUInt16BigEndian(entry[8..]);
        var rate = (int)(BinaryPrimitives.ReadUInt32BigEndian(entry[24..]) >> 16);
        if (audio.EntryType != "mp4a") return (audio.EntryType, rate);
        var esds = audio.EntryChild("esds", 28 + version switch { 1 => 16, 2 => 36, _ => 0 });
        return (ObjectType(esds) == 0x40 ? "aac" : "mp4a", rate);
    }

    /// <summary>The objectTypeIndication of an esds (0x40: MPEG-4 audio), or null.</summary>
    private static int? ObjectType(ReadOnlySpan<byte> esds)
    {
        var at = 4;
        int? Descriptor(ReadOnlySpan<byte> data, int tag, ref int position)
        {
            if (position >= data.Length || data[position++] != tag) return null;
            var size = 0;
            for (var i = 0; i < 4 && position < data.Length; i++)
            {
                var b = data[position++];
                size = (size << 7) | (b & 0x7F);
                if ((b & 0x80) == 0) break;
            }

            return size;
        }

        if (Descriptor(esds, 3, ref at) is null || at + 3 > esds.Length) return null;
        var flags = esds[at + 2];
        at += 3 + ((flags & 0x80) != 0 ? 2 : 0) + ((flags & 0x20) != 0 ? 2 : 0);
        if ((flags & 0x40) != 0 && at < esds.Length) at += 1 + esds[at];
        return Descriptor(esds, 4, ref at) is not null && at < esds.Length ? esds[at] : null;
    }

    /// <summary>A re-encoded part the join can take: read, the source's time base and NAL length size, the planned frames.</summary>
    private static bool Fits(Mp4Track? part, Mp4Track source, EncodedPart plan)
    {
        if (part is null || part.Timescale != source.Timescale || part.Samples.Count != plan.Frames) return false;
        var own = part.EntryChild("avcC", VisualEntryFields);
        var theirs = source.EntryChild("avcC", VisualEntryFields);
        return own.Length >= 5 && theirs.Length >= 5 && (own[4] & 3) == (theirs[4] & 3);
    }

    /// <summary>
    /// The clip's video: head, copied packets and tail in decode order, each frame shown at its place in
    /// the source (the re-encoded parts' frames by rank), decoded as far ahead as its part decodes it;
    /// null when decoding would go backwards where the parts meet.
    /// </summary>
    private static OutputTrack? VideoTrack(Mp4Track video, SourceFacts source, SmartCutPlan plan, Mp4Sample[] head, Mp4Sample[] middle, Mp4Sample[] tail)
    {
        var frames = new List<(long Offset, int Size, long Pts, long Dts, bool Sync)>();
        void AddPart(Mp4Sample[] samples, EncodedPart planned)
        {
            // The source's frames the part stands for, in presentation order.
            var times = source.Packets.Select(p => p.Pts).Where(pts => pts >= planned.FirstPts).Order().Take(planned.Frames).ToList();
            var shown = Enumerable.Range(0, samples.Length).OrderBy(i => samples[i].Dts + samples[i].CompositionOffset).ToList();
            var rank = new int[samples.Length];
            for (var r = 0; r < shown.Count; r++) rank[shown[r]] = r;
            for (var i = 0; i < samples.Length; i++)
            {
                var pts = times[rank[i]];
                frames.Add((samples[i].Offset, samples[i].Size, pts, pts - samples[i].CompositionOffset, samples[i].Sync));
            }
        }

        if (plan.Head is not null) AddPart(head, plan.Head);
        foreach (var s in middle)
        {
            frames.Add((s.Offset, s.Size, s.Dts + s.CompositionOffset - video.EditMediaTime, s.Dts - video.EditMediaTime, s.Sync));
        }

        if (plan.Tail is not null) AddPart(tail, plan.Tail);
        for (var i = 1; i < frames.Count; i++)
            if (frames[i].Dts <= frames[i - 1].Dts) return null;

        var firstDts = frames[0].Dts;
        var samples = frames.Select((f, i) => new OutputSample(f.Offset, f.Size, i + 1 < frames.Count ? frames[i + 1].Dts - f.Dts : plan.FrameTicks,
            checked((int)(f.Pts - f.Dts)), f.Sync)).ToList();
        var shownUntil = frames.Max(f => f.Pts) + plan.FrameTicks;
        return new OutputTrack(1, video, samples, plan.ClipStartPts - firstDts, shownUntil - plan.ClipStartPts);
    }

    /// <summary>The clip's audio: its lead-in hidden by the edit, lasting the clip (or as long as there is audio).</summary>
    private static OutputTrack AudioTrack(Mp4Track from, Mp4Sample[] samples, long editMediaTime, TimeSpan length)
    {
        var output = samples.Select((s, i) => new OutputSample(s.Offset, s.Size,
            i + 1 < samples.Length ? samples[i + 1].Dts - s.Dts : i > 0 ? s.Dts - samples[i - 1].Dts : 1024, s.CompositionOffset, true)).ToList();
        var available = output.Sum(s => s.Duration) - editMediaTime;
        return new OutputTrack(2, from, output, editMediaTime, Math.Min(available, (long)Math.Round(length.TotalSeconds * from.Timescale)));
    }

    /// <summary>The span's audio re-encoded to AAC (a codec the clip's MP4 and every browser take); false when FFmpeg failed.</summary>
    private async Task<bool> EncodeAudioAsync(string input, double startSeconds, TimeSpan length, string path, CancellationToken cancellationToken)
    {
        var command = FFMpegArguments
            .FromFileInput(input, verifyExists: false, o => o.WithStartTime(TimeSpan.FromSeconds(startSeconds)).WithDuration(length))
            .OutputToFile(path, overwrite: true, o => o.WithCustomArgument("-map 0:a:0 -c:a aac -b:a 128k").ForceFormat("mp4"));
        var run = await ffmpeg.RunAsync(command, Timeout.InfiniteTimeSpan, cancellationToken);
        if (run.Succeeded) return true;
        logger.LogWarning("Smart cut of {Input} failed re-encoding the audio ({Exit}): {Error}", input, run.ExitCode, run.Tail());
        return false;
    }

    /// <summary>
    /// The clip being written: <c>ftyp</c>, room for the index (<c>moov</c>, and <c>free</c> for what it
    /// leaves), then one <c>mdat</c> whose samples are appended in the order they arrive.
    /// </summary>
    private sealed class ClipFile : IDisposable
    {
        private const int MediaDataHeader = 16;

        private readonly SafeFileHandle _file;
        private readonly byte[] _fileType = Mp4Writer.FileType();
        private readonly long _indexRoom;
        private (long Start, long End, long At)? _copiedRange;

        public ClipFile(string path, long indexRoom)
        {
            // A new file, not one truncated: ext4 writes a file truncated to nothing back to disk when it is closed.
            File.Delete(path);
            _file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite);
            _indexRoom = indexRoom;
            RandomAccess.Write(_file, _fileType, 0);
            Position = MediaStart + MediaDataHeader;
        }

        private long MediaStart => _fileType.Length + _indexRoom;

        private long Position { get; set; }

        /// <summary>
        /// The source's copied packets. They usually lie one after the other with the span's audio between
        /// them: then the range is copied whole, so that audio stays where it is (interleaved) and is not
        /// copied again (see <see cref="AppendUncopied"/>). A source laid out otherwise (more than a quarter
        /// of the range other data) is copied run by run. Null when the source ended early.
        /// </summary>
        public Mp4Sample[]? AppendCopied(ByteSource source, List<Mp4Sample> samples, IProgress<double> progress, CancellationToken cancellationToken)
        {
            var (start, end) = (samples.Min(s => s.Offset), samples.Max(s => s.Offset + s.Size));
            var bytes = samples.Sum(s => (long)s.Size);
            if (end - start > bytes + bytes / 4 + (1 << 20)) return Append(source, samples, cancellationToken, progress);
            if (!source.CopyTo(start, end - start, _file, Position, progress, cancellationToken)) return null;
            _copiedRange = (start, end, Position);
            Position += end - start;
            return samples.Select(Moved).ToArray();
        }

        /// <summary>The source's samples that the copied range did not bring along, appended; all at their places in the clip.</summary>
        public Mp4Sample[]? AppendUncopied(ByteSource source, IReadOnlyList<Mp4Sample> samples, CancellationToken cancellationToken)
        {
            var appended = Append(source, samples.Where(s => !Copied(s)).ToList(), cancellationToken);
            if (appended is null) return null;
            var next = 0;
            return samples.Select(s => Copied(s) ? Moved(s) : appended[next++]).ToArray();
        }

        /// <summary>Samples of a part FFmpeg wrote (head, tail, audio) appended.</summary>
        public Mp4Sample[]? Append(string path, IReadOnlyList<Mp4Sample> samples, CancellationToken cancellationToken)
        {
            using var source = ByteSource.Open(path, cancellationToken) ?? throw new IOException($"{path} is missing.");
            return Append(source, samples, cancellationToken);
        }

        /// <summary>
        /// Samples appended, one copy per run of samples that lie one after the other; the samples at
        /// their new offsets, or null when the source ended early.
        /// </summary>
        private Mp4Sample[]? Append(ByteSource source, IReadOnlyList<Mp4Sample> samples, CancellationToken cancellationToken, IProgress<double>? progress = null)
        {
            if (!source.ReadsAreCheap) return AppendInClusters(source, samples, cancellationToken);
            var moved = new Mp4Sample[samples.Count];
            var total = Math.Max(1, samples.Sum(s => (long)s.Size));
            long written = 0;
            for (var i = 0; i < samples.Count;)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (start, end, j) = (samples[i].Offset, samples[i].Offset + samples[i].Size, i + 1);
                while (j < samples.Count && samples[j].Offset == end) end += samples[j++].Size;
                for (var k = i; k < j; k++) moved[k] = samples[k] with { Offset = Position + written + (samples[k].Offset - start) };
                if (!source.CopyTo(start, end - start, _file, Position + written, null, cancellationToken)) return null;
                written += end - start;
                progress?.Report(written / (double)total);
                i = j;
            }

            Position += written;
            return moved;
        }

        /// <summary>
        /// Samples from a source where each read is a round trip (a URL): samples lying close together
        /// (the audio beside head and tail, between the video) are read in one request per cluster.
        /// </summary>
        private Mp4Sample[]? AppendInClusters(ByteSource source, IReadOnlyList<Mp4Sample> samples, CancellationToken cancellationToken)
        {
            const long MaxGap = 4L * 1024 * 1024, MaxCluster = 64L * 1024 * 1024;
            var moved = new Mp4Sample[samples.Count];
            for (var i = 0; i < samples.Count;)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (start, end, j) = (samples[i].Offset, samples[i].Offset + samples[i].Size, i + 1);
                while (j < samples.Count && samples[j].Offset >= end && samples[j].Offset - end <= MaxGap && samples[j].Offset + samples[j].Size - start <= MaxCluster)
                    end = samples[j].Offset + samples[j++].Size;
                var bytes = new byte[end - start];
                if (source.Read(bytes, start) != bytes.Length) return null;
                for (var k = i; k < j; k++)
                {
                    RandomAccess.Write(_file, bytes.AsSpan((int)(samples[k].Offset - start), samples[k].Size), Position);
                    moved[k] = samples[k] with { Offset = Position };
                    Position += samples[k].Size;
                }

                i = j;
            }

            return moved;
        }

        /// <summary>Writes the index in front and closes the media data; false when the index does not fit its room.</summary>
        public bool Finish(byte[] movie)
        {
            if (movie.Length + 8 > _indexRoom) return false;
            RandomAccess.Write(_file, movie, _fileType.Length);
            RandomAccess.Write(_file, Mp4Writer.FreeHeader(_indexRoom - movie.Length), _fileType.Length + movie.Length);
            RandomAccess.Write(_file, Mp4Writer.MediaDataHeader(Position - MediaStart), MediaStart);
            return true;
        }

        public void Dispose() => _file.Dispose();

        private bool Copied(Mp4Sample sample) => _copiedRange is var (start, end, _) && sample.Offset >= start && sample.Offset + sample.Size <= end;

        private Mp4Sample Moved(Mp4Sample sample) => sample with { Offset = _copiedRange!.Value.At + sample.Offset - _copiedRange.Value.Start };
    }
}
