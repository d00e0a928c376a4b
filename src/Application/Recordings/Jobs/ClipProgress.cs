namespace Streaming.Application.Recordings.Jobs;

/// <summary>
/// FFmpeg's progress (0–1) as whole percents that only move forward, and a task that completes
/// when it has moved on by a step since the last <see cref="Rearm"/>, so the job saves per step.
/// </summary>
public sealed class ClipProgress(int stepPercent) : IProgress<double>
{
    private int _percent;
    private int _armedAt;
    private TaskCompletionSource _step = NewStep();

    public int Percent => Volatile.Read(ref _percent);

    public Task NextStep => Volatile.Read(ref _step).Task;

    public void Report(double value)
    {
        if (!double.IsFinite(value)) return;
        var percent = (int)Math.Clamp(value * 100, 0, 100);
        if (percent <= Percent) return;
        Volatile.Write(ref _percent, percent);
        if (percent >= Volatile.Read(ref _armedAt) + stepPercent) Volatile.Read(ref _step).TrySetResult();
    }

    /// <summary>After the job saved: the next step counts from here. A step missed in between waits for the interval.</summary>
    public void Rearm()
    {
        Volatile.Write(ref _armedAt, Percent);
        Volatile.Write(ref _step, NewStep());
    }

    private static TaskCompletionSource NewStep() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
