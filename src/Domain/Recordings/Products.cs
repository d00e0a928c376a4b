using Streaming.Domain.Common;

namespace Streaming.Domain.Recordings;

/// <summary>The product a meeting or call belongs to (TipJar, M10, DJDash, …).</summary>
public static class Products
{
    public const string TipJar = nameof(TipJar);
    public const string M10 = nameof(M10);
    public const string DJDash = nameof(DJDash);
    public const int MaxLength = 40;

    public static string Normalise(string product)
    {
        if (string.IsNullOrWhiteSpace(product)) throw new DomainException("A recording belongs to a product.");
        product = product.Trim();
        if (product.Length > MaxLength) throw new DomainException($"A product name is at most {MaxLength} characters.");
        return product;
    }
}
