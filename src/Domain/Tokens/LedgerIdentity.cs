using Streaming.Domain.Common;

namespace Streaming.Domain.Tokens;

/// <summary>
/// Who the member is to the external token service: the identity the iOS app's backend knows them
/// by (their Apple <c>sub</c>, or another configured claim of a configured provider). With it, the
/// web spends the tokens bought in the iOS app instead of an empty account under the web's own id.
/// Follows the linked sign-in: made when the member signs in with (or links) that provider, gone
/// when they unlink it.
/// </summary>
public class LedgerIdentity
{
    public const int SubjectMaxLength = 255;
    public const int ProviderMaxLength = 64;

    private LedgerIdentity()
    {
    }

    public LedgerIdentity(string userId, string provider, string subject, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(userId)) throw new DomainException("A ledger identity needs the account id.");
        if (string.IsNullOrWhiteSpace(provider) || provider.Length > ProviderMaxLength)
            throw new DomainException("A ledger identity needs the sign-in provider.");
        if (string.IsNullOrWhiteSpace(subject) || subject.Length > SubjectMaxLength)
            throw new DomainException($"The {provider} account did not send a usable identity for the token service.");
        UserId = userId;
        Provider = provider;
        Subject = subject;
        LinkedAt = now.ToUniversalTime();
    }

    /// <summary>The web account (one ledger identity at most).</summary>
    public string UserId { get; private set; } = default!;

    /// <summary>The sign-in provider the subject came from (e.g. Apple).</summary>
    public string Provider { get; private set; } = default!;

    /// <summary>Sent to the token service as the member's id (X-User-Id).</summary>
    public string Subject { get; private set; } = default!;

    public DateTimeOffset LinkedAt { get; private set; }

    /// <summary>
    /// Whether the member's ledger identity may change now. Tokens paid for seats that may still be
    /// refunded (or whose payment is still being confirmed) live under the identity that paid;
    /// switching it then would send the refund to another account.
    /// </summary>
    public static void EnsureMayChange(int openPaidSeats)
    {
        if (openPaidSeats > 0)
            throw new DomainException(
                $"You hold {openPaidSeats} paid seat(s) in classes that have not taken place (or whose payment is still being confirmed). " +
                "Their tokens came from your current token account; change how you sign in once those classes are over, or cancel them first.");
    }
}
