using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Purchases;

namespace Streaming.Application.Common.Security.Requirements;

/// <summary><see cref="Policies.EnrollmentOwner"/>: the member's own enrollment; anyone else 404.</summary>
public sealed class EnrollmentOwnerRequirement(IApplicationDbContext db) : IResourceRequirement
{
    public string Policy => Policies.EnrollmentOwner;

    public async Task EnsureMetAsync(string userId, object resourceId, object request, CancellationToken cancellationToken)
    {
        var id = (Guid)resourceId;
        if (!await db.Enrollments.AnyAsync(e => e.Id == id && e.MemberId == userId, cancellationToken))
            throw new NotFoundException(nameof(Enrollment), id);
    }
}

/// <summary><see cref="Policies.PurchaseOwner"/>: the member's own token purchase; anyone else 404.</summary>
public sealed class PurchaseOwnerRequirement(IApplicationDbContext db) : IResourceRequirement
{
    public string Policy => Policies.PurchaseOwner;

    public async Task EnsureMetAsync(string userId, object resourceId, object request, CancellationToken cancellationToken)
    {
        var id = (Guid)resourceId;
        if (!await db.TokenPurchases.AnyAsync(p => p.Id == id && p.MemberId == userId, cancellationToken))
            throw new NotFoundException(nameof(TokenPurchase), id);
    }
}
