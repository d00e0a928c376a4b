using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Recordings;
using Streaming.Domain.Users;

namespace Streaming.Application.Recordings.Common;

/// <summary>
/// Who sees which recording. Only products in <c>Recordings:Products</c> exist at all (others,
/// e.g. DJDash, are invisible to everyone: 404). Within them a super admin sees every meeting,
/// call and clip; anyone else sees the meetings they own and the clips they made — nothing else
/// (voice calls are for super admins only).
/// Every recordings query and command starts from these filters.
/// </summary>
public sealed class RecordingAccess(ICurrentUser user, RecordingsOptions options)
{
    private readonly string[] _products = [.. options.VisibleProducts];

    public string? UserId => user.Id;

    public bool IsSuperAdmin => user.Id is not null && user.IsInRole(Roles.SuperAdmin);

    public IQueryable<Recording> Recordings(IApplicationDbContext db)
    {
        var me = user.Id;
        var all = IsSuperAdmin;
        return db.Recordings.Where(r => _products.Contains(r.Product) && me != null && (all || (r.Kind == RecordingType.Meet && r.OwnerId == me)));
    }

    public IQueryable<RecordingClip> Clips(IApplicationDbContext db)
    {
        var me = user.Id;
        var all = IsSuperAdmin;
        return db.RecordingClips.Where(c => _products.Contains(c.Product) && me != null && (all || c.OwnerId == me));
    }

    public bool IsVisibleProduct(string product) => _products.Contains(product);
}
