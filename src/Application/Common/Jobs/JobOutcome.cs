namespace Streaming.Application.Common.Jobs;

/// <summary>What one run of a job did: items done, items that failed (tried again next run) and the last failure.</summary>
public sealed record JobOutcome(int Done, int Failed, string? LastError)
{
    public static readonly JobOutcome Nothing = new(0, 0, null);
}

/// <summary>Counts a batch's items as a job processes them one at a time.</summary>
public sealed class JobTally
{
    private int _done;
    private int _failed;
    private string? _lastError;

    public void Succeeded() => _done++;

    public void Failed(string item, Exception error) => Failed(item, error.Message);

    public void Failed(string item, string reason)
    {
        _failed++;
        _lastError = $"{item}: {reason}";
    }

    public JobOutcome Outcome => new(_done, _failed, _lastError);
}
