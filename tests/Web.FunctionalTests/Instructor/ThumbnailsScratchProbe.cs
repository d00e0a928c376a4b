using System.Diagnostics;
namespace Streaming.Web.FunctionalTests.Instructor;
public class ThumbnailsScratchProbe : ThumbnailsTestBase
{
    sealed class Obs(List<string> sink) : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
    {
        public void OnNext(DiagnosticListener l) { if (l.Name == "Microsoft.AspNetCore") l.Subscribe(this); }
        public void OnNext(KeyValuePair<string, object?> e) { object? ex = e.Value?.GetType().GetProperty("exception")?.GetValue(e.Value); string extra = ex?.ToString() ?? ""; if (e.Value?.GetType().GetProperty("httpContext")?.GetValue(e.Value) is Microsoft.AspNetCore.Http.HttpContext hc) extra += " " + hc.Request.Path + " " + hc.Response.StatusCode; lock (sink) sink.Add(e.Key + " " + extra); }
        public void OnCompleted() { }
        public void OnError(Exception error) { }
    }
    [Test]
    public async Task Probe()
    {
        var sink = new List<string>();
        using var sub = DiagnosticListener.AllListeners.Subscribe(new Obs(sink));
        using var coach = await SignedInInstructorAsync();
        var s = await ScheduleAsync(coach.Id);
        sink.Clear(); var r = await UploadAsync(coach.Visitor, s.Id, TestImages.OversizedPng(9 * 1024 * 1024));
        TestContext.Out.WriteLine((int)r.StatusCode);
        foreach (var line in sink) TestContext.Out.WriteLine(line);
    }
}
