namespace Streaming.Domain.Tokens;

/// <summary>The one wording of an amount of tokens shown to people ("1 token", "5 tokens").</summary>
public static class TokenCount
{
    public static string Format(int amount) => amount == 1 ? "1 token" : $"{amount:N0} tokens";

    public static string Format(long amount) => amount == 1 ? "1 token" : $"{amount:N0} tokens";
}
