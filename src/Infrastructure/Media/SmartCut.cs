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
/// the packets between are copied untouched, and the concat demuxer joins the parts (it repeats
/// each part's SPS/PPS in-band at its first keyframe, so a decoder switches parameter sets where
/// the parts meet). Audio is copied for the whole span when it is AAC (FFmpeg's own exact cut
/// keeps the same packets) and re-encoded otherwise.
/// Only H.264 4:2:0 in MP4/MOV qualifies; anything else (or a cut the packets do not allow)
/// returns false so the caller re-encodes the whole span.
/// </summary>
public sealed class SmartCut(Ffmpeg ffmpeg, ILogger<SmartCut> logger)
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

    public async Task<bool> TryCutAsync(string input, double startSeconds, double endSeconds, string outputPath, IProgress<double>? progress, CancellationToken cancellationToken)
    {
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
        var list = outputPath + ".ffconcat";
        try
        {
            // Head and tail are independent: on two cores they encode side by side.
            var probed = clock.Elapsed;
            var encoded = await Task.WhenAll(
                plan.Head is null ? Task.FromResult(true) : EncodeAsync(input, source, plan.Head, head, parts.Part(0), cancellationToken),
                plan.Tail is null ? Task.FromResult(true) : EncodeAsync(input, source, plan.Tail, tail, parts.Part(1), cancellationToken));
            if (encoded.Contains(false)) return false;
            // Without B-frames in the source any head decodes in time; with them it must reorder at least as deep.
            if (plan.Head is not null && plan.SourceDelay > 0 && (await DelayOfAsync(head, cancellationToken) ?? -1) < plan.SourceDelay)
            {
                // The head's last packets would be decoded after the copied keyframe: the join would go backwards.
                logger.LogInformation("Smart cut of {Input}: the re-encoded head reorders less than the source: re-encoding the whole span", input);
                return false;
            }

            var reencoded = clock.Elapsed;
            await File.WriteAllTextAsync(list, ConcatList(input, source, plan, head, tail), cancellationToken);
            var length = TimeSpan.FromSeconds(endSeconds - startSeconds);
            var join = FFMpegArguments
                .FromFileInput(list, verifyExists: false, o => o.ForceFormat("concat").WithCustomArgument("-safe 0 -protocol_whitelist file,http,https,tcp,tls,crypto"));
            if (source.AudioCodec is not null)
                join = join.AddUrlInput(input, o => o.WithStartTime(TimeSpan.FromSeconds(startSeconds)).WithDuration(length));
            var command = join.OutputToFile(outputPath, overwrite: true, o => o
                .WithCustomArgument(source.AudioCodec is null ? "-map 0:v:0" : "-map 0:v:0 -map 1:a:0")
                .WithCustomArgument(source.AudioCodec == "aac" ? "-c copy" : "-c:v copy -c:a aac -b:a 128k")
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
            foreach (var file in new[] { head, tail, list }) File.Delete(file);
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
                .WithCustomArgument($"-video_track_timescale {source.TimeBaseDenominator}")
                .ForceFormat("mp4"));
        command.NotifyOnPercentageProgress(percent => progress.Report(percent / 100), TimeSpan.FromSeconds(part.Frames * source.FrameTicks * source.TimeBase));
        var run = await ffmpeg.RunAsync(command, Timeout.InfiniteTimeSpan, cancellationToken);
        if (run.Succeeded) return true;
        logger.LogWarning("Smart cut of {Input} failed re-encoding a part ({Exit}): {Error}", input, run.ExitCode, run.Tail());
        return false;
    }

    /// <summary>The concat demuxer's list: head, the source between in- and out-point, tail; timestamps in seconds to the microsecond.</summary>
    private static string ConcatList(string input, SourceFacts source, SmartCutPlan plan, string head, string tail)
    {
        static string Quote(string path) => "'" + path.Replace("'", @"'\''", StringComparison.Ordinal) + "'";
        static string Seconds(double value) => value.ToString("0.000000", CultureInfo.InvariantCulture);
        var tb = source.TimeBase;
        var text = new StringBuilder("ffconcat version 1.0\n");
        if (plan.Head is not null)
            text.Append($"file {Quote(Path.GetFullPath(head))}\nduration {Seconds((plan.Middle.InPts - plan.ClipStartPts) * tb)}\n");
        text.Append($"file {Quote(IsUrl(input) ? input : Path.GetFullPath(input))}\n");
        // Rounded up: the demuxer seeks to the keyframe at or before the in-point, which must be this one.
        text.Append($"inpoint {Seconds(Math.Ceiling(plan.Middle.InPts * tb * 1e6) / 1e6)}\n");
        // Rounded down: the demuxer stops at the first packet decoded at or after the out-point.
        if (plan.Middle.OutDts is { } outDts) text.Append($"outpoint {Seconds(Math.Floor(outDts * tb * 1e6) / 1e6)}\n");
        if (plan.Tail is not null)
            text.Append($"duration {Seconds((plan.TailStartPts!.Value - plan.Middle.InPts) * tb)}\nfile {Quote(Path.GetFullPath(tail))}\n");
        return text.ToString();
    }

    /// <summary>How far decoding runs ahead of presentation at a file's first video packet (B-frames), in ticks.</summary>
    private async Task<long?> DelayOfAsync(string path, CancellationToken cancellationToken)
    {
        var lines = await ffmpeg.ProbeLinesAsync($"-select_streams v:0 -read_intervals %+#1 -show_entries packet=pts,dts -of csv=p=0 \"{path}\"", cancellationToken);
        var packet = lines?.Select(ParsePacket).FirstOrDefault(p => p is not null);
        return packet is { } p ? p.Pts - p.Dts : null;
    }

    private async Task<SourceFacts?> ProbeAsync(string input, double startSeconds, double endSeconds, CancellationToken cancellationToken)
    {
        // The ffprobe runs at once: the packet listing is wasted only when the streams do not qualify.
        var windowed = endSeconds - startSeconds > 3 * WindowSeconds;
        var listing = ListPacketsAsync(input, windowed
            ? FormattableString.Invariant($"{Math.Max(0, startSeconds):0.###}%+{WindowSeconds}")
            : SpanInterval(startSeconds, endSeconds), cancellationToken);
        var listingAtEnd = windowed
            ? ListPacketsAsync(input, FormattableString.Invariant($"{endSeconds - WindowSeconds:0.###}%{endSeconds + LookPastEndSeconds:0.###}"), cancellationToken)
            : Task.FromResult<IReadOnlyList<VideoPacket>?>([]);
        var json = await ffmpeg.ProbeLinesAsync($"-show_entries format=format_name:stream=codec_type,codec_name,profile,level,pix_fmt,has_b_frames,time_base,sample_rate -of json \"{input}\"", cancellationToken);
        var (atStart, atEnd) = (await listing, await listingAtEnd);
        (long, long)? unlisted = windowed && atStart?.Count > 0 && atEnd?.Count > 0 ? (atStart.Max(p => p.Pts), atEnd.Min(p => p.Pts)) : null;
        var packets = atStart is null || atEnd is null ? null : atStart.Concat(atEnd.Where(p => p.Dts > atStart[^1].Dts)).ToList();
        if (json is null) return null;
        using var document = JsonDocument.Parse(string.Join('\n', json));
        var root = document.RootElement;
        var streams = root.TryGetProperty("streams", out var s) ? s.EnumerateArray().ToList() : [];
        string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var video = streams.FirstOrDefault(e => Text(e, "codec_type") == "video");
        var audio = streams.FirstOrDefault(e => Text(e, "codec_type") == "audio");
        var format = root.TryGetProperty("format", out var f) ? Text(f, "format_name") ?? "" : "";

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
        return new SourceFacts(packets, unlisted, timeBase.Numerator / (double)timeBase.Denominator, timeBase.Denominator,
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
    private sealed record SourceFacts(IReadOnlyList<VideoPacket> Packets, (long Before, long After)? Unlisted, double TimeBase, long TimeBaseDenominator, string X264Profile, string Level,
        bool HasBFrames, string? AudioCodec, int AudioSampleRate)
    {
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
