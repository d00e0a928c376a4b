using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Options;

namespace Streaming.Application.Purchases.Common;

/// <summary>The absolute pages a checkout returns to (Payments:SuccessUrl / CancelUrl, {PURCHASE_ID} filled in).</summary>
public static class PurchaseLinks
{
    public const string PurchaseIdPlaceholder = "{PURCHASE_ID}";

    public static string Success(IAppLinks links, PaymentOptions options, Guid purchaseId) => Fill(links, options.SuccessUrl, purchaseId);

    public static string Cancel(IAppLinks links, PaymentOptions options, Guid purchaseId) => Fill(links, options.CancelUrl, purchaseId);

    private static string Fill(IAppLinks links, string template, Guid purchaseId)
    {
        var url = template.Replace(PurchaseIdPlaceholder, purchaseId.ToString(), StringComparison.Ordinal);
        return Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https" ? url : links.Absolute(url);
    }
}
