using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Options;

namespace Streaming.Web.Infrastructure;

/// <summary>
/// MVC's cookie TempData, except that a page which read no message does not send a cookie
/// deletion the browser never needed: that Set-Cookie on every page would make every answer
/// uncacheable (the output cache, rightly, stores no response that sets a cookie).
/// </summary>
public sealed class QuietTempDataProvider(CookieTempDataProvider inner, IOptions<CookieTempDataProviderOptions> options) : ITempDataProvider
{
    public IDictionary<string, object> LoadTempData(HttpContext context) => inner.LoadTempData(context);

    public void SaveTempData(HttpContext context, IDictionary<string, object> values)
    {
        var name = options.Value.Cookie.Name ?? CookieTempDataProvider.CookieName;
        if (values.Count == 0 && !context.Request.Cookies.Keys.Any(k => k.StartsWith(name, StringComparison.Ordinal))) return;
        inner.SaveTempData(context, values);
    }
}
