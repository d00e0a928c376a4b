using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streaming.Domain.Following;
using Streaming.Domain.Users;

namespace Streaming.Infrastructure.Data.Configurations;

public class InstructorFollowConfiguration : IEntityTypeConfiguration<InstructorFollow>
{
    public void Configure(EntityTypeBuilder<InstructorFollow> builder)
    {
        builder.ToTable("instructor_follows", t => t.HasCheckConstraint("ck_instructor_follows_not_self", "member_id <> instructor_id"));
        builder.HasKey(f => new { f.MemberId, f.InstructorId });
        builder.HasOne<UserProfile>().WithMany().HasForeignKey(f => f.MemberId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<UserProfile>().WithMany().HasForeignKey(f => f.InstructorId).OnDelete(DeleteBehavior.Cascade);
        // A new class finds its instructor's followers.
        builder.HasIndex(f => f.InstructorId);
    }
}
