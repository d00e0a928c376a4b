using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Streaming.Infrastructure.Data;

/// <summary>
/// The context as <c>dotnet ef</c> sees it (<c>migrations add</c>, <c>migrations script</c>),
/// without building the app. Generating a migration needs no database; commands that connect use
/// <c>ConnectionStrings__Default</c> (eval "$(bash scripts/pg.sh env)" sets it).
/// </summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<ApplicationDbContext>
{
    public ApplicationDbContext CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Default") is { Length: > 0 } configured
            ? configured
            : "Host=127.0.0.1;Database=streaming";
        return new ApplicationDbContext(new DbContextOptionsBuilder<ApplicationDbContext>().UseNpgsql(connectionString).Options);
    }
}
