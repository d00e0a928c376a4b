namespace Streaming.Application.Common.Models;

public static class Paging
{
    /// <summary>A page number within 1..last page, whatever the query string said (-5, 0, 99999).</summary>
    public static int ClampPage(int requested, int totalCount, int pageSize)
    {
        var lastPage = Math.Max(1, (int)Math.Ceiling(totalCount / (double)pageSize));
        return Math.Clamp(requested, 1, lastPage);
    }
}
