using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Users;

namespace Streaming.Infrastructure.Data.Configurations;

public class EnrollmentConfiguration : IEntityTypeConfiguration<Enrollment>
{
    public void Configure(EntityTypeBuilder<Enrollment> builder)
    {
        builder.ToTable("enrollments", t => t.HasCheckConstraint("ck_enrollments_tokens_paid", "tokens_paid >= 0"));
        builder.HasKey(e => e.Id);
        builder.Property(e => e.MemberId).IsRequired();
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.LedgerTransactionId).HasMaxLength(100);
        builder.Property(e => e.FailureReason).HasMaxLength(500);
        builder.Property<uint>("Version").HasColumnName("xmin").HasColumnType("xid").IsRowVersion();

        builder.HasOne(e => e.Stream).WithMany().HasForeignKey(e => e.StreamId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<UserProfile>().WithMany().HasForeignKey(e => e.MemberId).OnDelete(DeleteBehavior.Cascade);

        // The last line of defence for "one seat per member and class", also under concurrent clicks.
        builder.HasIndex(e => new { e.StreamId, e.MemberId })
            .IsUnique()
            .HasFilter("status IN ('Pending', 'Active')")
            .HasDatabaseName("ux_enrollments_member_seat");
        builder.HasIndex(e => e.MemberId);
        builder.Ignore(e => e.IsActive);
        builder.Ignore(e => e.HoldsSeat);
        builder.Ignore(e => e.PaymentKey);
        builder.Ignore(e => e.RefundKey);
    }
}
