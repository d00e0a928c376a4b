using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Streaming.Web.Infrastructure;

/// <summary>
/// Whole numbers from forms and query strings as people write them: optional sign and digits.
/// MVC's default binder goes through <see cref="System.ComponentModel.TypeConverter"/>, which also
/// takes "0x10" (16) — a price nobody typed.
/// </summary>
public sealed class StrictIntegerModelBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        var type = Nullable.GetUnderlyingType(context.Metadata.ModelType) ?? context.Metadata.ModelType;
        return type == typeof(int) || type == typeof(long) ? new StrictIntegerModelBinder() : null;
    }
}

public sealed class StrictIntegerModelBinder : IModelBinder
{
    private const NumberStyles Style = NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite;

    public Task BindModelAsync(ModelBindingContext bindingContext)
    {
        var result = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
        if (result == ValueProviderResult.None) return Task.CompletedTask;
        bindingContext.ModelState.SetModelValue(bindingContext.ModelName, result);

        var metadata = bindingContext.ModelMetadata;
        var text = result.FirstValue;
        var messages = metadata.ModelBindingMessageProvider;
        if (string.IsNullOrWhiteSpace(text))
        {
            if (metadata.IsReferenceOrNullableType) bindingContext.Result = ModelBindingResult.Success(null);
            else bindingContext.ModelState.TryAddModelError(bindingContext.ModelName, "Enter a number."); // MVC's own: "The value '' is invalid."
            return Task.CompletedTask;
        }

        var type = metadata.UnderlyingOrModelType;
        object? value = type == typeof(int)
            ? int.TryParse(text, Style, CultureInfo.InvariantCulture, out var i) ? i : null
            : long.TryParse(text, Style, CultureInfo.InvariantCulture, out var l) ? l : null;
        if (value is null) bindingContext.ModelState.TryAddModelError(bindingContext.ModelName, messages.AttemptedValueIsInvalidAccessor(text, metadata.DisplayName ?? metadata.Name ?? ""));
        else bindingContext.Result = ModelBindingResult.Success(value);
        return Task.CompletedTask;
    }
}
