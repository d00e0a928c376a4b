using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Streaming.Web.Infrastructure;

/// <summary>What a message after a redirect says about the action: it worked, or it did not.</summary>
public enum FlashKind
{
    /// <summary>Shown green, announced politely (role="status", id="flash").</summary>
    Success,

    /// <summary>Shown red, announced at once (role="alert", id="flash-error").</summary>
    Error,
}

/// <summary>A message for the next page; <see cref="BuyTokensFor"/> adds "Buy tokens" for a class of that price.</summary>
public sealed record Flash(FlashKind Kind, string Message, int? BuyTokensFor = null);

/// <summary>
/// The one way to leave a message for the page after a redirect (<c>TempData.Flash(FlashKind.Success, "…")</c>),
/// shown by <c>Views/Shared/_Messages.cshtml</c> in the layout. TempData keeps one message of each
/// kind (a later one replaces it), in the cookie as plain strings.
/// </summary>
public static class FlashMessages
{
    private const string BuyTokensKey = "ErrorBuyTokensFor";

    /// <summary>Leaves <paramref name="message"/> for the next page; no message (null or empty) leaves nothing.</summary>
    public static void Flash(this ITempDataDictionary tempData, FlashKind kind, string? message)
    {
        if (!string.IsNullOrEmpty(message)) tempData[Key(kind)] = message;
    }

    /// <summary>The error message offers "Buy tokens — you need N more" for a class costing <paramref name="price"/>.</summary>
    public static void OfferBuyTokens(this ITempDataDictionary tempData, int price) => tempData[BuyTokensKey] = price;

    /// <summary>Whether the next message already offers to buy tokens (without reading it, so it still shows).</summary>
    public static bool OffersBuyTokens(this ITempDataDictionary tempData) => tempData.Peek(BuyTokensKey) is int;

    /// <summary>The messages left for this page, success first; reading them uses them up.</summary>
    public static IReadOnlyList<Flash> TakeFlashes(this ITempDataDictionary tempData)
    {
        var flashes = new List<Flash>();
        if (tempData[Key(FlashKind.Success)] is string success) flashes.Add(new Flash(FlashKind.Success, success));
        if (tempData[Key(FlashKind.Error)] is string error) flashes.Add(new Flash(FlashKind.Error, error, tempData[BuyTokensKey] as int?));
        return flashes;
    }

    // The keys the cookie has always carried, so a message left before an upgrade still shows after it.
    private static string Key(FlashKind kind) => kind == FlashKind.Success ? "Flash" : "Error";
}
