namespace Streaming.Domain.Streams;

/// <summary>Whether an ended class's recording is kept for the on-demand workout catalog.</summary>
public enum CatalogMark
{
    /// <summary>Nobody decided: the recording is deleted when the replay window closes, unless the class was popular.</summary>
    None = 0,

    /// <summary>The instructor chose "Keep for the workout catalog".</summary>
    Kept = 1,

    /// <summary>Kept because enough members enrolled (<see cref="Common.RetentionPolicy.CatalogAutoKeepEnrollments"/>).</summary>
    KeptAutomatically = 2,

    /// <summary>The instructor chose not to keep it (also a popular class): deleted with the replay window.</summary>
    NotKept = 3,
}
