using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Replay;
using Streaming.Application.Recordings.Common;
using Streaming.Benchmarks.Media.Legacy;
using Streaming.Infrastructure.Media;

// Clip cutting and replay assembly, the hand-written FFmpeg code (Legacy/) against FFMpegCore
// (src/Infrastructure/Media), on the same inputs, alternating which goes first in each round.
//   dotnet run -c Release --project benchmarks/Media.Benchmarks -- [rounds]
// One clip with the app's cutter (benchmarks/run.sh, goal 4), printing its seconds (FFmpeg's work, not .NET's start-up):
//   dotnet run -c Release --project benchmarks/Media.Benchmarks -- cut <input> <start> <end> <output> [smart|full]
if (args is ["cut", var input, var from, var to, var output, ..])
{
    var smart = args.Length < 6 || args[5] != "full";
    var cutter = new FfmpegClipCutter(new Streaming.Infrastructure.Media.Ffmpeg(Options.Create(new MediaOptions { SmartCut = smart })),
        new SmartCut(new Streaming.Infrastructure.Media.Ffmpeg(Options.Create(new MediaOptions())), new StandardErrorLogger<SmartCut>()), NullLogger<FfmpegClipCutter>.Instance);
    var (start, end) = (double.Parse(from, CultureInfo.InvariantCulture), double.Parse(to, CultureInfo.InvariantCulture));
    // A running app has cut clips before: one short cut first, so the figure leaves out this process's
    // one-time costs (JIT, FFMpegCore's check that FFmpeg runs), as the reference leaves out nothing of its own.
    if (Environment.GetEnvironmentVariable("BENCH_COLD") != "1")
    {
        await cutter.TrimAsync(input, start, Math.Min(end, start + 15), output + ".warm.mp4", null, CancellationToken.None);
        File.Delete(output + ".warm.mp4");
    }

    var watch = Stopwatch.StartNew();
    await cutter.TrimAsync(input, start, end, output, null, CancellationToken.None);
    Console.WriteLine(watch.Elapsed.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture));
    return;
}

var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3;
var work = Directory.CreateTempSubdirectory("media-bench-").FullName;
try
{
    Console.WriteLine($"== inputs (in {work})");
    var source = Path.Combine(work, "source.mp4");
    await Ffmpeg("-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25:duration=60", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=60",
        "-c:v", "libx264", "-preset", "ultrafast", "-g", "250", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", "-movflags", "+faststart", source);
    // What the broadcast page records (VP8 + Opus WebM), in two parts as after a reload mid-class.
    var parts = new List<string>();
    foreach (var (name, seconds) in new[] { ("part-1.webm", 20), ("part-2.webm", 10) })
    {
        var part = Path.Combine(work, name);
        await Ffmpeg("-f", "lavfi", "-i", $"testsrc=size=640x480:rate=25:duration={seconds}", "-f", "lavfi", "-i", $"sine=frequency=440:duration={seconds}",
            "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "1M", "-c:a", "libopus", "-f", "webm", part);
        parts.Add(part);
    }

    Console.WriteLine("   clip: 30 s cut exactly out of a 60 s 1280x720 H.264 file (from 15 s, keyframes every 10 s)");
    Console.WriteLine("   replay: two WebM parts (20 s + 10 s, 640x480 VP8/Opus) -> one H.264/AAC MP4");

    var ffmpeg = new Streaming.Infrastructure.Media.Ffmpeg(Options.Create(new MediaOptions()));
    // The whole span re-encoded, as both versions did (the smart cut is measured by benchmarks/run.sh).
    var fullCut = new Streaming.Infrastructure.Media.Ffmpeg(Options.Create(new MediaOptions { SmartCut = false }));
    var newCutter = new FfmpegClipCutter(fullCut, new SmartCut(fullCut, NullLogger<SmartCut>.Instance), NullLogger<FfmpegClipCutter>.Instance);
    var oldCutter = new LegacyClipCutter(new LegacyFfmpegOptions(), NullLogger<LegacyClipCutter>.Instance);
    var newReplay = new FfmpegReplayTranscoder(ffmpeg, NullLogger<FfmpegReplayTranscoder>.Instance);
    var oldReplay = new LegacyReplayTranscoder(new LegacyMediaTools(new ConfigurationBuilder().Build()), NullLogger<LegacyReplayTranscoder>.Instance);

    // Wall time depends on whatever else the machine runs; CPU time (FFmpeg's, as a waited-for child,
    // plus this process's own) hardly does, so both are kept.
    var times = new Dictionary<string, List<double>>();
    void Add(string key, double seconds) => (times.TryGetValue(key, out var list) ? list : times[key] = []).Add(seconds);

    for (var round = 1; round <= rounds; round++)
    {
        var order = round % 2 == 1 ? new[] { "old", "new" } : ["new", "old"];
        foreach (var which in order)
        {
            var clip = Path.Combine(work, $"clip-{which}-{round}.mp4");
            IVideoTrimmer cutter = which == "old" ? oldCutter : newCutter;
            var progress = new Progress();
            var cpu = CpuSeconds();
            var clock = Stopwatch.StartNew();
            await cutter.TrimAsync(source, 15, 45, clip, progress, CancellationToken.None);
            var clipSeconds = clock.Elapsed.TotalSeconds;
            Add($"clip {which}", clipSeconds);
            Add($"clip {which} cpu", CpuSeconds() - cpu);
            var clipInfo = await newCutter.ProbeAsync(clip, CancellationToken.None) ?? throw new InvalidOperationException($"{clip} is unreadable");
            Console.WriteLine($"   round {round} clip   {which}: {clipSeconds,6:0.00} s ({times[$"clip {which} cpu"][^1]:0.00} s CPU), {clipInfo.DurationSeconds:0.00} s long, progress reports: {progress.Count} (last {progress.Last:0.00})");

            var replay = Path.Combine(work, $"replay-{which}-{round}.mp4");
            IReplayTranscoder transcoder = which == "old" ? oldReplay : newReplay;
            cpu = CpuSeconds();
            clock.Restart();
            await transcoder.TranscodeAsync(parts, replay, CancellationToken.None);
            var replaySeconds = clock.Elapsed.TotalSeconds;
            Add($"replay {which}", replaySeconds);
            Add($"replay {which} cpu", CpuSeconds() - cpu);
            var replayInfo = await newReplay.ProbeAsync(replay, CancellationToken.None) ?? throw new InvalidOperationException($"{replay} is unreadable");
            Console.WriteLine($"   round {round} replay {which}: {replaySeconds,6:0.00} s ({times[$"replay {which} cpu"][^1]:0.00} s CPU), {replayInfo.DurationSeconds:0.00} s long, {replayInfo.VideoCodec}/{replayInfo.AudioCodec}");
            File.Delete(clip);
            File.Delete(replay);
        }
    }

    static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    Console.WriteLine($"== medians of {rounds} rounds (new / old: below 1.00 is faster)");
    foreach (var task in new[] { "clip", "replay" })
    {
        var (old, @new) = (Median(times[$"{task} old"]), Median(times[$"{task} new"]));
        var (oldCpu, newCpu) = (Median(times[$"{task} old cpu"]), Median(times[$"{task} new cpu"]));
        Console.WriteLine($"   {task,-6}: wall old {old:0.00} s, new (FFMpegCore) {@new:0.00} s, ratio {@new / old:0.00}; " +
                          $"CPU old {oldCpu:0.00} s, new {newCpu:0.00} s, ratio {newCpu / oldCpu:0.00}");
    }
}
finally
{
    Directory.Delete(work, recursive: true);
}

// This process's CPU time plus that of its finished children (FFmpeg, ffprobe): /proc/self/stat
// utime, stime, cutime, cstime in clock ticks (100 per second on Linux).
static double CpuSeconds()
{
    var stat = File.ReadAllText("/proc/self/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    return Enumerable.Range(11, 4).Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture)) / 100.0;
}

static async Task Ffmpeg(params string[] arguments)
{
    var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
    foreach (var argument in new[] { "-hide_banner", "-v", "error", "-y" }.Concat(arguments)) start.ArgumentList.Add(argument);
    using var process = Process.Start(start)!;
    var errors = await process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    if (process.ExitCode != 0) throw new InvalidOperationException($"ffmpeg failed: {errors}");
}

/// <summary>Counts progress reports (0–1) on the reporting thread.</summary>
internal sealed class Progress : IProgress<double>
{
    public int Count { get; private set; }

    public double Last { get; private set; }

    public void Report(double value)
    {
        Count++;
        Last = value;
    }
}

/// <summary>The smart cut's log lines (its per-step timings) on stderr, so stdout keeps only the figure run.sh reads.</summary>
internal sealed class StandardErrorLogger<T> : Microsoft.Extensions.Logging.ILogger<T>
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => logLevel >= Microsoft.Extensions.Logging.LogLevel.Information;

    public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel)) Console.Error.WriteLine($"   {typeof(T).Name}: {formatter(state, exception)}");
    }
}
