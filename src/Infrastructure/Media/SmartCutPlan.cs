namespace Streaming.Infrastructure.Media;

/// <summary>A video packet as ffprobe lists it, in decode order: timestamps in the stream's time base.</summary>
public readonly record struct VideoPacket(long Pts, long Dts, bool Keyframe);

/// <summary>Frames to re-encode: <paramref name="Frames"/> frames from the one at <paramref name="FirstPts"/> (source ticks).</summary>
public sealed record EncodedPart(long FirstPts, int Frames);

/// <summary>
/// Packets to copy: from the keyframe at <paramref name="InPts"/> up to (not including) the packet whose
/// decode timestamp is <paramref name="OutDts"/> (null: to the end of the source).
/// </summary>
public sealed record CopiedPart(long InPts, long? OutDts);

/// <summary>
/// How a frame-exact clip is made from one re-encoded head (in-point up to the first usable
/// keyframe), the source's own packets copied from that keyframe, and a re-encoded tail when the
/// out-point cannot be cut cleanly in the copied packets. Frames in the clip are those whose
/// timestamp t satisfies start ≤ t &lt; end, as FFmpeg's exact cut keeps them.
/// </summary>
/// <param name="ClipStartPts">The timestamp of the clip's first frame (the head's, or the copied keyframe's).</param>
/// <param name="TailStartPts">Where the tail starts; the copied part ends there (null without a tail).</param>
/// <param name="SourceDelay">Decode-to-presentation delay of the source at the copied keyframe (B-frame reordering), in ticks.</param>
public sealed record SmartCutPlan(long ClipStartPts, EncodedPart? Head, CopiedPart Middle, EncodedPart? Tail, long? TailStartPts, long SourceDelay, long FrameTicks)
{
    /// <summary>Frames that are re-encoded (head and tail).</summary>
    public int EncodedFrames => (Head?.Frames ?? 0) + (Tail?.Frames ?? 0);

    /// <summary>
    /// The plan for [<paramref name="start"/>, <paramref name="end"/>) seconds over <paramref name="packets"/>
    /// (decode order, covering the span and a little beyond), or null with the reason when the
    /// packets do not allow copying: no keyframe inside the span that later packets do not reach
    /// back across (open GOP), or no clean place to stop.
    /// </summary>
    public static SmartCutPlan? Create(IReadOnlyList<VideoPacket> packets, double timeBase, double start, double end, out string reason)
    {
        const double Epsilon = 1e-6;
        bool InClip(long pts) => pts * timeBase >= start - Epsilon && pts * timeBase < end - Epsilon;

        var n = packets.Count;
        // A boundary before packet i is clean for time v when every packet decoded before it shows
        // before v and every packet decoded from it on shows at v or later: nothing reorders across.
        var prefixMax = new long[n + 1];
        var suffixMin = new long[n + 1];
        prefixMax[0] = long.MinValue;
        for (var i = 0; i < n; i++) prefixMax[i + 1] = Math.Max(prefixMax[i], packets[i].Pts);
        suffixMin[n] = long.MaxValue;
        for (var i = n - 1; i >= 0; i--) suffixMin[i] = Math.Min(suffixMin[i + 1], packets[i].Pts);
        bool CleanKeyframe(int i) => packets[i].Keyframe && prefixMax[i] < packets[i].Pts && suffixMin[i] >= packets[i].Pts;

        var clip = packets.Where(p => InClip(p.Pts)).Select(p => p.Pts).Order().ToList();
        if (clip.Count < 2)
        {
            reason = "the span holds fewer than two frames";
            return null;
        }

        var frameTicks = clip.Zip(clip.Skip(1), (a, b) => b - a).Where(d => d > 0).DefaultIfEmpty(1).Min();
        var first = Enumerable.Range(0, n).FirstOrDefault(i => CleanKeyframe(i) && InClip(packets[i].Pts), -1);
        if (first < 0)
        {
            reason = "no keyframe inside the span starts a closed group of pictures";
            return null;
        }

        var inPts = packets[first].Pts;
        var headFrames = clip.Count(pts => pts < inPts);
        var head = headFrames > 0 ? new EncodedPart(clip[0], headFrames) : null;
        var delay = inPts - packets[first].Dts;

        // The end cut is clean when no frame shown before the out-point is decoded after one shown after it.
        var endTicks = end / timeBase - Epsilon / timeBase;
        for (var c = first + 1; c <= n; c++)
        {
            if (prefixMax[c] < endTicks && suffixMin[c] >= endTicks)
            {
                reason = "";
                return new SmartCutPlan(clip[0], head, new CopiedPart(inPts, c < n ? packets[c].Dts : null), null, null, delay, frameTicks);
            }
        }

        // B-frames reach across the out-point: copy up to the last clean keyframe, re-encode from there.
        var last = Enumerable.Range(first + 1, n - first - 1).LastOrDefault(i => CleanKeyframe(i) && InClip(packets[i].Pts), -1);
        if (last < 0)
        {
            reason = "the out-point falls inside reordered frames and no later keyframe starts a clean tail";
            return null;
        }

        var tailPts = packets[last].Pts;
        reason = "";
        return new SmartCutPlan(clip[0], head, new CopiedPart(inPts, packets[last].Dts),
            new EncodedPart(tailPts, clip.Count(pts => pts >= tailPts)), tailPts, delay, frameTicks);
    }
}
