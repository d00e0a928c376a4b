namespace Streaming.Infrastructure.Identity.External;

/// <summary>What the provider events add to the external sign-in's principal, in one form for every provider.</summary>
public static class ExternalClaimTypes
{
    /// <summary>"true" when the provider says the person proved they own the email.</summary>
    public const string EmailVerified = "streaming:email_verified";

    /// <summary>"true" for Apple's "Hide my email" relay address.</summary>
    public const string PrivateRelay = "streaming:private_email";

    /// <summary>The configured claim (Tokens:Http:IdentityClaim) of the configured provider: the token service's id for the person.</summary>
    public const string LedgerSubject = "streaming:ledger_subject";

    /// <summary>The person's name as the provider sent it.</summary>
    public const string Name = "streaming:name";

    /// <summary>A JSON true, or Apple's "true" string.</summary>
    public static bool IsTrue(object? value) => value switch
    {
        bool b => b,
        string s => bool.TryParse(s, out var b) && b,
        System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.True } => true,
        System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.String } e => bool.TryParse(e.GetString(), out var b) && b,
        _ => false,
    };
}
