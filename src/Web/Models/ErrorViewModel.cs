namespace Streaming.Web.Models;

public sealed record ErrorViewModel(int StatusCode, string Title, string Message, string? RequestId = null)
{
    public static ErrorViewModel For(int statusCode, string? detail = null, string? requestId = null) => statusCode switch
    {
        400 => new(400, "That request did not make sense", detail ?? "Something in the request was missing or invalid. Go back, reload the page and try again.", requestId),
        403 => new(403, "You do not have access", detail ?? "Your account cannot open this page.", requestId),
        404 => new(404, "Page not found", "There is nothing here. The link may be old, or the page was removed.", requestId),
        410 => new(410, "This link no longer works", detail ?? "What it pointed to is no longer available.", requestId),
        413 => new(413, "That upload is too large", "Files must be smaller. Go back and choose a smaller file.", requestId),
        429 => new(429, "Too many attempts", detail ?? "Please wait a moment and try again.", requestId),
        409 => new(409, "That is not possible right now", detail ?? "The action conflicts with the current state.", requestId),
        _ when statusCode >= 500 => new(statusCode, "Something went wrong on our side", "The error was logged. Please try again in a moment.", requestId),
        _ => new(statusCode, "Something went wrong", detail ?? "The request could not be completed.", requestId),
    };

    /// <summary>"Too many attempts … try again in about N minutes/seconds", for the 429 page and problem body.</summary>
    public static string TryAgainIn(TimeSpan wait) =>
        "Too many attempts from your connection or for this account, so we paused them to protect your account. " +
        (wait >= TimeSpan.FromSeconds(90)
            ? $"Try again in about {(int)Math.Ceiling(wait.TotalMinutes)} minutes."
            : $"Try again in {Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))} seconds.");
}
