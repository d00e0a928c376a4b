using MediatR;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Application.Tokens.Queries.GetBalance;

/// <summary>The signed-in member's balance, or null when anonymous or the ledger cannot tell.</summary>
public record GetBalanceQuery : IRequest<int?>;

public class GetBalanceHandler(ITokenLedger ledger, ICurrentUser currentUser) : IRequestHandler<GetBalanceQuery, int?>
{
    public async Task<int?> Handle(GetBalanceQuery request, CancellationToken cancellationToken) =>
        currentUser.Id is { } memberId ? (await ledger.GetBalanceAsync(memberId, cancellationToken)).Balance : null;
}
