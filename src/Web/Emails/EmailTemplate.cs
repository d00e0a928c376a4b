using Microsoft.AspNetCore.Components;
using Streaming.Application.Notifications.Common;

namespace Streaming.Web.Emails;

/// <summary>An email's template: a Razor component in <c>Emails/Templates</c> named after its model (<c>ClassReminderModel</c> → <c>ClassReminder.razor</c>).</summary>
public abstract class EmailTemplate<TModel> : ComponentBase where TModel : EmailModel
{
    [Parameter, EditorRequired]
    public TModel Model { get; set; } = default!;
}

/// <summary>The product name every email carries in its header, footer and sender name (Email:ProductName).</summary>
public sealed record EmailBranding(string ProductName);
