using System.Globalization;
using System.Text;
using System.Text.Json;
using FFMpegCore;
using Microsoft.Extensions.Logging;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Infrastructure.Media;

/// <summary>
/// A frame-exact cut at close to stream-copy speed: only the frames from the in-point to the next
/// keyframe (and, when B-frames reach across the out-point, from the last keyframe to the
/// out-point) are re-encoded, with x264 at the source's profile, level, picture size and time base;
/// the packets between are copied untouched. The re-encoded parts carry their own SPS/PPS in-band
/// under another id (31), so the copied packets keep the source's parameter sets from the file's
/// header and nothing is rewritten on the way (no Annex B round trip).
/// An MP4 whose index can be read (a local file, or a URL such as a signed S3 link, by range requests)
/// is joined by the app's own writer (SmartCut.InPlace.cs: the copied packets go into the clip while
/// the head is encoded). Anything else (a fragmented MP4) is joined by one pass of FFmpeg's concat
/// demuxer: AAC audio is copied for the whole span beside
/// the re-encode and joined in the same pass (one input: FFmpeg reads a second input on its own
/// thread, which costs as much as the copy); other audio is re-encoded to AAC from a second input.
/// Only H.264 4:2:0 in MP4/MOV qualifies; anything else (or a cut the packets do not allow)
/// returns false so the caller re-encodes the whole span.
/// </summary>
public sealed partial class SmartCut(Ffmpeg ffmpeg, ILogger<SmartCut> logger)
{
    private static readonly string[] Profiles = ["Constrained Baseline", "Baseline", "Main", "High"];

    /// <summary>Copy work per frame relative to encoding one frame, for progress across the parts.</summary>
    private const double CopyWeight = 0.02;

    /// <summary>Packets listed past the out-point, to see whether B-frames reach across it.</summary>
    private const double LookPastEndSeconds = 2;

    /// <summary>
    /// On a long span only this much is listed after the in-point and before the out-point (enough for
    /// the first keyframe inside the span and the last group before the out-point): the packets between
    /// are copied as they are, and listing them all cost half as much as copying them.
    /// </summary>
    private const double WindowSeconds = 20;

    /// <summary>
    /// Bytes the join reserves per packet for the index at the front of the file (MP4 needs at most
    /// about 24: size, composition offset, duration, sync flag, chunk offset), so no second pass moves it there.
    /// </summary>
    private const int IndexBytesPerPacket = 32;

    /// <summary>The re-encoded parts' SPS/PPS id: encoders number their own 0, so the copied packets' sets stay distinct.</summary>
    private const int PartParameterSetId = 31;

    private const string Protocols = "file,http,https,tcp,tls,crypto";

    public async Task<bool> TryCutAsync(string input, double startSeconds, double endSeconds, string outputPath, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        if (await TryCutInPlaceAsync(input, startSeconds, endSeconds, outputPath, progress, cancellationToken) is { } inPlace) return inPlace;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var source = await ProbeAsync(input, startSeconds, endSeconds, cancellationToken);
        if (source is null) return false;
        var plan = SmartCutPlan.Create(source.Packets, source.TimeBase, startSeconds, endSeconds, out var reason);
        if (source.Unlisted is { } gap && (plan is null || plan.Middle.InPts > gap.Before - LookPastEndSeconds / source.TimeBase || plan.TailStartPts < gap.After))
        {
            // Groups of pictures longer than the windows (the head or tail would reach into packets not listed): list every packet of the span.
            var all = await ListPacketsAsync(input, SpanInterval(startSeconds, endSeconds), cancellationToken);
            if (all is null) return false;
            source = source with { Packets = all, Unlisted = null };
            plan = SmartCutPlan.Create(source.Packets, source.TimeBase, startSeconds, endSeconds, out reason);
        }

        if (plan is null)
        {
            logger.LogInformation("Smart cut of {Input} not possible ({Reason}): re-encoding the whole span", input, reason);
            return false;
        }

        var parts = new PartProgress(progress, plan.Head?.Frames ?? 0, plan.Tail?.Frames ?? 0,
            (endSeconds - startSeconds) / (plan.FrameTicks * source.TimeBase) * CopyWeight);
        var head = outputPath + ".head.mp4";
        var tail = outputPath + ".tail.mp4";
        var audio = outputPath + ".audio.m4a";
        var copied = outputPath + ".copied.ffconcat";
        var list = outputPath + ".ffconcat";
        var length = TimeSpan.FromSeconds(endSeconds - startSeconds);
        try
        {
            // Head, tail and the audio copy are independent: on two cores they run side by side.
            var probed = clock.Elapsed;
            var done = await Task.WhenAll(
                plan.Head is null ? Task.FromResult(true) : EncodeAsync(input, source, plan.Head, head, parts.Part(0), cancellationToken),
                plan.Tail is null ? Task.FromResult(true) : EncodeAsync(input, source, plan.Tail, tail, parts.Part(1), cancellationToken),
                source.CopiesAudio ? CopyAudioAsync(input, source, startSeconds, length, audio, cancellationToken) : Task.FromResult(true));
            if (done.Contains(false)) return false;
            // Without B-frames in the source any head decodes in time; with them it must reorder at least as deep.
            if (plan.Head is not null && plan.SourceDelay > 0 && (await DelayOfAsync(head, cancellationToken) ?? -1) < plan.SourceDelay)
            {
                // The head's last packets would be decoded after the copied keyframe: the join would go backwards.
                logger.LogInformation("Smart cut of {Input}: the re-encoded head reorders less than the source: re-encoding the whole span", input);
                return false;
            }

            var reencoded = clock.Elapsed;
            await File.WriteAllTextAsync(copied, CopiedPackets(input, source, plan), cancellationToken);
            await File.WriteAllTextAsync(list, ConcatList(input, source, plan, head, copied, tail, audio), cancellationToken);
            var join = FFMpegArguments
                .FromFileInput(list, verifyExists: false, o => o.ForceFormat("concat").WithCustomArgument($"-safe 0 -auto_convert 0 -protocol_whitelist {Protocols}"));
            var secondInput = source.AudioCodec is not null && !source.CopiesAudio;
            if (secondInput)
                join = join.AddUrlInput(input, o => o.WithStartTime(TimeSpan.FromSeconds(startSeconds)).WithDuration(length));
            var command = join.OutputToFile(outputPath, overwrite: true, o => o
                .WithCustomArgument(source.AudioCodec is null ? "-map 0:v:0" : secondInput ? "-map 0:v:0 -map 1:a:0" : "-map 0:v:0 -map 0:a:0")
                .WithCustomArgument(secondInput ? "-c:v copy -c:a aac -b:a 128k" : "-c copy")
                // The list already starts the clip at 0; FFmpeg would otherwise shift it by the audio's lead-in (the AAC packet before the in-point).
                .WithCustomArgument(secondInput ? "" : "-copyts")
                .WithCustomArgument($"-video_track_timescale {source.TimeBaseDenominator}")
                // The index goes in front (for playback while downloading) into reserved room: faststart would write the whole file again.
                .WithCustomArgument($"-moov_size {IndexBytes(source, plan, length)}")
                .ForceFormat("mp4"));
            command.NotifyOnPercentageProgress(percent => parts.Part(2).Report(percent / 100), length);
            var run = await ffmpeg.RunAsync(command, Timeout.InfiniteTimeSpan, cancellationToken);
            if (!run.Succeeded)
            {
                logger.LogWarning("Smart cut of {Input} failed joining the parts ({Exit}): {Error}; re-encoding the whole span", input, run.ExitCode, run.Tail());
                return false;
            }

            parts.Finish();
            logger.LogInformation("Smart cut of {Input}: {Encoded} frame(s) re-encoded, the rest copied (probe {Probe} ms, re-encode {Encode} ms, join {Join} ms)",
                input, plan.EncodedFrames, (int)probed.TotalMilliseconds, (int)(reencoded - probed).TotalMilliseconds, (int)(clock.Elapsed - reencoded).TotalMilliseconds);
            return true;
        }
        finally
        {
            foreach (var file in new[] { head, tail, audio, copied, list }) File.Delete(file);
        }
    }

    /// <summary>Re-encodes one part with x264 at the source's parameters; false when FFmpeg failed.</summary>
    private async Task<bool> EncodeAsync(string input, SourceFacts source, EncodedPart part, string path, IProgress<double> progress, CancellationToken cancellationToken)
    {
        // Half a frame early, so rounding in seconds cannot drop the part's first frame; -frames:v ends it exactly.
        var from = (part.FirstPts - 0.5 * source.FrameTicks) * source.TimeBase;
        var command = FFMpegArguments
            .FromUrlInput(input, o => o.WithStartTime(TimeSpan.FromSeconds(Math.Max(0, from))))
            .OutputToFile(path, overwrite: true, o => o
                .WithCustomArgument($"-map 0:v:0 -an -frames:v {part.Frames} -fps_mode passthrough")
                // A source that reorders needs a part that reorders as deep (see DelayOfAsync); the fastest presets have no B-frames.
                .WithVideoCodec("libx264").WithCustomArgument($"-preset {ffmpeg.Settings.SmartCutPreset}{(source.HasBFrames ? " -bf 3" : "")}").WithConstantRateFactor(20)
                .WithCustomArgument($"-profile:v {source.X264Profile} -level {source.Level} -pix_fmt yuv420p")
                // In-band parameter sets of their own id: the join copies every packet as it is (see the class comment).
                .WithCustomArgument($"-x264-params sps-id={PartParameterSetId}:repeat-headers=1")
                // The concat list picks streams by track id: the part's video must carry the source's.
                .WithCustomArgument($"-streamid 0:{source.VideoTrackId} -use_stream_ids_as_track_ids 1")
                .WithCustomArgument($"-video_track_timescale {source.TimeBaseDenominator}")
                .ForceFormat("mp4"));
        command.NotifyOnPercentageProgress(percent => progress.Report(percent / 100), TimeSpan.FromSeconds(part.Frames * source.FrameTicks * source.TimeBase));
        var run = await ffmpeg.RunAsync(command, Timeout.InfiniteTimeSpan, cancellationToken);
        if (run.Succeeded) return true;
        logger.LogWarning("Smart cut of {Input} failed re-encoding a part ({Exit}): {Error}", input, run.ExitCode, run.Tail());
        return false;
    }

    /// <summary>
    /// The span's AAC packets into a file of their own (under the source's audio track id), as FFmpeg's
    /// copy of the span would keep them; false when FFmpeg failed.
    /// </summary>
    private async Task<bool> CopyAudioAsync(string input, SourceFacts source, double startSeconds, TimeSpan length, string path, CancellationToken cancellationToken)
    {
        var command = FFMpegArguments
            // Unbuffered on a local file: the audio packets are read where they are, not the whole file around them (a third less work).
            .FromUrlInput(input, o => o.WithStartTime(TimeSpan.FromSeconds(startSeconds)).WithDuration(length).WithCustomArgument(IsUrl(input) ? "" : "-avioflags direct"))
            .OutputToFile(path, overwrite: true, o => o
                .WithCustomArgument($"-map 0:a:0 -c copy -streamid 0:{source.AudioTrackId} -use_stream_ids_as_track_ids 1")
                .ForceFormat("mp4"));
        var run = await ffmpeg.RunAsync(command, Timeout.InfiniteTimeSpan, cancellationToken);
        if (run.Succeeded) return true;
        logger.LogWarning("Smart cut of {Input} failed copying the audio ({Exit}): {Error}", input, run.ExitCode, run.Tail());
        return false;
    }

    private static string Quote(string path) => "'" + path.Replace("'", @"'\''", StringComparison.Ordinal) + "'";

    private static string Seconds(double value) => value.ToString("0.000000", CultureInfo.InvariantCulture);

    private static string SourcePath(string input) => IsUrl(input) ? input : Path.GetFullPath(input);

    /// <summary>
    /// The concat list: the streams by track id; the source without a packet (it lends the output its
    /// stream parameters, the copied packets' SPS/PPS among them); the span's audio; then head, the
    /// copied packets and tail, one after the other. Timestamps in seconds to the microsecond.
    /// </summary>
    private static string ConcatList(string input, SourceFacts source, SmartCutPlan plan, string head, string copied, string tail, string audio)
    {
        var tb = source.TimeBase;
        var text = new StringBuilder($"ffconcat version 1.0\nstream\nexact_stream_id {source.VideoTrackId}\n");
        if (source.CopiesAudio) text.Append($"stream\nexact_stream_id {source.AudioTrackId}\n");
        // An out-point before any packet: the demuxer moves on at the first one it reads.
        text.Append($"file {Quote(SourcePath(input))}\noutpoint -86400\nduration 0\n");
        // The audio spans the whole clip, so the video parts that follow start at 0 again (duration 0); the in-point
        // skips the lead-in FFmpeg's copy keeps for the decoder (hidden by the edit list) and starts at the packet holding the clip's start.
        if (source.CopiesAudio) text.Append($"file {Quote(Path.GetFullPath(audio))}\ninpoint 0\nduration 0\n");
        if (plan.Head is not null)
            text.Append($"file {Quote(Path.GetFullPath(head))}\nduration {Seconds((plan.Middle.InPts - plan.ClipStartPts) * tb)}\n");
        text.Append($"file {Quote(Path.GetFullPath(copied))}\noption safe 0\noption auto_convert 0\noption protocol_whitelist {Protocols}\n");
        if (plan.Tail is not null)
            text.Append($"duration {Seconds((plan.TailStartPts!.Value - plan.Middle.InPts) * tb)}\nfile {Quote(Path.GetFullPath(tail))}\n");
        return text.ToString();
    }

    /// <summary>
    /// A list of its own for the copied packets, so they come from the source's video track only (an
    /// audio packet past the out-point cannot end them early; the audio comes whole from its own file).
    /// </summary>
    private static string CopiedPackets(string input, SourceFacts source, SmartCutPlan plan)
    {
        var tb = source.TimeBase;
        var text = new StringBuilder($"ffconcat version 1.0\nstream\nexact_stream_id {source.VideoTrackId}\nfile {Quote(SourcePath(input))}\n");
        // Rounded up: the demuxer seeks to the keyframe at or before the in-point, which must be this one.
        text.Append($"inpoint {Seconds(Math.Ceiling(plan.Middle.InPts * tb * 1e6) / 1e6)}\n");
        // Rounded down: the demuxer stops at the first packet decoded at or after the out-point.
        if (plan.Middle.OutDts is { } outDts) text.Append($"outpoint {Seconds(Math.Floor(outDts * tb * 1e6) / 1e6)}\n");
        return text.ToString();
    }

    /// <summary>How far decoding runs ahead of presentation at a file's first video packet (B-frames), in ticks.</summary>
    private async Task<long?> DelayOfAsync(string path, CancellationToken cancellationToken)
    {
        var lines = await ffmpeg.ProbeLinesAsync($"-select_streams v:0 -read_intervals %+#1 -show_entries packet=pts,dts -of csv=p=0 \"{path}\"", cancellationToken);
        var packet = lines?.Select(ParsePacket).FirstOrDefault(p => p is not null);
        return packet is { } p ? p.Pts - p.Dts : null;
    }

    /// <summary>
    /// One ffprobe run: container, streams, and the video packets of the span (on a long span only
    /// those around the in- and out-point; null when the source does not qualify).
    /// </summary>
    private async Task<SourceFacts?> ProbeAsync(string input, double startSeconds, double endSeconds, CancellationToken cancellationToken)
    {
        var windowed = endSeconds - startSeconds > 3 * WindowSeconds;
        // The window at the out-point first: where the decode timestamps fall back, the one at the in-point begins.
        var intervals = windowed
            ? FormattableString.Invariant($"{endSeconds - WindowSeconds:0.###}%{endSeconds + LookPastEndSeconds:0.###},{Math.Max(0, startSeconds):0.###}%+{WindowSeconds}")
            : SpanInterval(startSeconds, endSeconds);
        var json = await ffmpeg.ProbeLinesAsync($"-read_intervals {intervals} -show_entries format=format_name:stream=index,id,codec_type,codec_name,profile,level,pix_fmt,has_b_frames,time_base,sample_rate:packet=stream_index,pts,dts,flags -of json \"{input}\"", cancellationToken);
        if (json is null) return null;
        using var document = JsonDocument.Parse(string.Join('\n', json));
        var root = document.RootElement;
        var streams = root.TryGetProperty("streams", out var s) ? s.EnumerateArray().ToList() : [];
        string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var video = streams.FirstOrDefault(e => Text(e, "codec_type") == "video");
        var audio = streams.FirstOrDefault(e => Text(e, "codec_type") == "audio");
        var format = root.TryGetProperty("format", out var f) ? Text(f, "format_name") ?? "" : "";
        var listed = video.ValueKind == JsonValueKind.Object && video.TryGetProperty("index", out var vi) && root.TryGetProperty("packets", out var all)
            ? all.EnumerateArray().Where(p => p.TryGetProperty("stream_index", out var si) && si.GetInt32() == vi.GetInt32()).Select(ParsePacket).ToList()
            : [];
        var fallsBack = windowed ? Enumerable.Range(1, Math.Max(0, listed.Count - 1)).FirstOrDefault(i => listed[i]?.Dts <= listed[i - 1]?.Dts, -1) : 0;
        IReadOnlyList<VideoPacket>? packets = null;
        (long, long)? unlisted = null;
        if (listed.Count > 0 && !listed.Contains(null) && fallsBack >= 0)
        {
            var (atEnd, atStart) = (listed.Take(fallsBack).Select(p => p!.Value).ToList(), listed.Skip(fallsBack).Select(p => p!.Value).ToList());
            packets = atStart.Concat(atEnd.Where(p => p.Dts > atStart[^1].Dts)).ToList();
            if (windowed && atEnd.Count > 0) unlisted = (atStart.Max(p => p.Pts), atEnd.Min(p => p.Pts));
        }

        string? refusal = video.ValueKind != JsonValueKind.Object ? "no video"
            : !format.Split(',').Contains("mp4") ? $"container {format}"
            : Text(video, "codec_name") != "h264" ? $"video codec {Text(video, "codec_name")}"
            : !Profiles.Contains(Text(video, "profile")) ? $"H.264 profile {Text(video, "profile")}"
            : Text(video, "pix_fmt") != "yuv420p" ? $"pixel format {Text(video, "pix_fmt")}"
            : null;
        var timeBase = Text(video, "time_base")?.Split('/') is [var num, var den] && long.TryParse(num, out var nu) && long.TryParse(den, out var de) && nu > 0 && de > 0
            ? (Numerator: nu, Denominator: de) : default;
        if (refusal is null && timeBase == default) refusal = "no video time base";
        if (refusal is not null)
        {
            logger.LogInformation("Smart cut of {Input} not possible ({Reason}): re-encoding the whole span", input, refusal);
            return null;
        }

        var level = video.TryGetProperty("level", out var l) && l.TryGetInt32(out var lv) && lv > 0 ? lv : 0;
        if (packets is null)
        {
            logger.LogInformation("Smart cut of {Input} not possible (packets without timestamps): re-encoding the whole span", input);
            return null;
        }

        var hasAudio = audio.ValueKind == JsonValueKind.Object;
        var videoTrack = TrackId(Text(video, "id"));
        if (videoTrack is null)
        {
            logger.LogInformation("Smart cut of {Input} not possible (no video track id): re-encoding the whole span", input);
            return null;
        }

        return new SourceFacts(packets, unlisted, videoTrack.Value, hasAudio ? TrackId(Text(audio, "id")) : null, timeBase.Numerator / (double)timeBase.Denominator, timeBase.Denominator,
            Text(video, "profile") switch { "Main" => "main", "High" => "high", _ => "baseline" },
            level > 0 ? (level / 10.0).ToString("0.#", CultureInfo.InvariantCulture) : "auto",
            video.TryGetProperty("has_b_frames", out var b) && b.TryGetInt32(out var bf) && bf > 0,
            hasAudio ? Text(audio, "codec_name") ?? "unknown" : null,
            hasAudio && int.TryParse(Text(audio, "sample_rate"), CultureInfo.InvariantCulture, out var rate) && rate > 0 ? rate : 0);
    }

    private static string SpanInterval(double startSeconds, double endSeconds) =>
        FormattableString.Invariant($"{Math.Max(0, startSeconds):0.###}%{endSeconds + LookPastEndSeconds:0.###}");

    /// <summary>
    /// The video packets ffprobe lists over <paramref name="interval"/> (from the keyframe before its
    /// start), in decode order; null when there are none or one has no timestamps.
    /// </summary>
    private async Task<IReadOnlyList<VideoPacket>?> ListPacketsAsync(string input, string interval, CancellationToken cancellationToken)
    {
        var lines = await ffmpeg.ProbeLinesAsync($"-select_streams v:0 -read_intervals {interval} -show_entries packet=pts,dts,flags -of csv=p=0 \"{input}\"", cancellationToken);
        var packets = lines?.Select(ParsePacket).ToList();
        return packets is null || packets.Count == 0 || packets.Contains(null) ? null : packets.Select(p => p!.Value).ToList();
    }

    /// <summary>Room for the clip's index at the front: every video and audio packet of the span, with slack for the rest of the header.</summary>
    private static long IndexBytes(SourceFacts source, SmartCutPlan plan, TimeSpan length)
    {
        var videoPackets = length.TotalSeconds / (plan.FrameTicks * source.TimeBase) + 2;
        // AAC: 1,024 samples a packet; 100 a second when the rate is unknown.
        var audioPackets = source.AudioCodec is null ? 0 : length.TotalSeconds * (source.AudioSampleRate > 0 ? source.AudioSampleRate / 1024.0 : 100) + 2;
        return 64 * 1024 + (long)Math.Ceiling((videoPackets + audioPackets) * IndexBytesPerPacket);
    }

    /// <summary>A packet as ffprobe's JSON lists it; null without timestamps.</summary>
    private static VideoPacket? ParsePacket(JsonElement packet) =>
        packet.TryGetProperty("pts", out var pts) && pts.TryGetInt64(out var p) && packet.TryGetProperty("dts", out var dts) && dts.TryGetInt64(out var d)
            ? new VideoPacket(p, d, packet.TryGetProperty("flags", out var flags) && flags.GetString()?.StartsWith('K') == true)
            : null;

    /// <summary>A track id as ffprobe prints it ("0x1").</summary>
    private static long? TrackId(string? id) =>
        id is not null && id.StartsWith("0x", StringComparison.Ordinal) && long.TryParse(id.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>"pts,dts,flags" (flags optional) as ffprobe's CSV prints it; null for a packet without timestamps.</summary>
    private static VideoPacket? ParsePacket(string line)
    {
        var fields = line.Split(',');
        return fields.Length >= 2 && long.TryParse(fields[0], CultureInfo.InvariantCulture, out var pts) && long.TryParse(fields[1], CultureInfo.InvariantCulture, out var dts)
            ? new VideoPacket(pts, dts, fields.Length > 2 && fields[2].StartsWith('K'))
            : null;
    }

    private static bool IsUrl(string input) => Uri.TryCreate(input, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    /// <param name="Unlisted">On a long span, the packets shown after Before and before After were not listed (only those around the in- and out-point).</param>
    /// <param name="VideoTrackId">The MP4 track ids, by which the concat list picks streams.</param>
    private sealed record SourceFacts(IReadOnlyList<VideoPacket> Packets, (long Before, long After)? Unlisted, long VideoTrackId, long? AudioTrackId, double TimeBase, long TimeBaseDenominator, string X264Profile, string Level,
        bool HasBFrames, string? AudioCodec, int AudioSampleRate)
    {
        /// <summary>AAC is copied (FFmpeg's own exact cut keeps the same packets) into the one input of the join.</summary>
        public bool CopiesAudio => AudioCodec == "aac" && AudioTrackId is not null;

        public long FrameTicks => Packets.Count < 2 ? 1 : Math.Max(1, Packets.Select(p => p.Pts).Order().Zip(Packets.Select(p => p.Pts).Order().Skip(1), (a, b) => b - a).Where(d => d > 0).DefaultIfEmpty(1).Min());
    }

    /// <summary>
    /// One 0–1 figure over the parts: head and tail weighted by the frames they encode, the join by
    /// the (much cheaper) frames it copies. Reports only forward, under a lock: head and tail report from two threads.
    /// </summary>
    private sealed class PartProgress(IProgress<double>? target, double headWeight, double tailWeight, double joinWeight)
    {
        private readonly double[] _done = new double[3];
        private readonly double[] _weights = [headWeight, tailWeight, joinWeight];
        private readonly Lock _lock = new();
        private double _reported;

        public IProgress<double> Part(int index) => new Reporter(this, index);

        public void Finish()
        {
            lock (_lock)
            {
                _reported = 1;
                target?.Report(1);
            }
        }

        private void Report(int index, double value)
        {
            lock (_lock)
            {
                _done[index] = Math.Clamp(value, 0, 1);
                var total = _weights.Sum();
                var now = total <= 0 ? 0 : _weights.Zip(_done, (w, d) => w * d).Sum() / total;
                // 1 only once the file is complete.
                now = Math.Min(now, 0.99);
                if (now <= _reported) return;
                _reported = now;
                target?.Report(now);
            }
        }

        private sealed class Reporter(PartProgress owner, int index) : IProgress<double>
        {
            public void Report(double value) => owner.Report(index, value);
        }
    }
}
