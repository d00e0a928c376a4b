using Microsoft.EntityFrameworkCore;
using Streaming.Infrastructure.Data;

namespace Streaming.Infrastructure.Tokens;

/// <summary>Who a member is to the external token service.</summary>
public interface ILedgerAccountIds
{
    /// <summary>The member's ledger identity (their iOS account, once linked), else the web's own user id.</summary>
    Task<string> ForMemberAsync(string memberId, CancellationToken cancellationToken);
}

/// <summary>Reads <c>ledger_identities</c> with a short context of its own (one indexed lookup per ledger call).</summary>
public sealed class LedgerAccountIds(IDbContextFactory<ApplicationDbContext> contexts) : ILedgerAccountIds
{
    public async Task<string> ForMemberAsync(string memberId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.LedgerIdentities.AsNoTracking().Where(i => i.UserId == memberId).Select(i => i.Subject)
            .SingleOrDefaultAsync(cancellationToken) ?? memberId;
    }
}
