using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streaming.Domain.Users;
using Streaming.Infrastructure.Identity;

namespace Streaming.Infrastructure.Data.Configurations;

public class UserProfileConfiguration : IEntityTypeConfiguration<UserProfile>
{
    public void Configure(EntityTypeBuilder<UserProfile> builder)
    {
        builder.ToTable("user_profiles");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.DisplayName).HasMaxLength(UserProfile.DisplayNameMaxLength).IsRequired();
        builder.Property(p => p.Email).HasMaxLength(256).IsRequired();
        builder.Property(p => p.CalendarToken).HasMaxLength(64);
        builder.Property(p => p.TimeZone).HasMaxLength(UserProfile.TimeZoneMaxLength);
        builder.Property(p => p.Bio).HasMaxLength(UserProfile.BioMaxLength).IsRequired().HasDefaultValue("");
        builder.Property(p => p.AvatarPath).HasMaxLength(500);
        builder.HasIndex(p => p.CalendarToken).IsUnique();
        builder.HasOne<ApplicationUser>().WithOne().HasForeignKey<UserProfile>(p => p.Id).OnDelete(DeleteBehavior.Cascade);
    }
}
