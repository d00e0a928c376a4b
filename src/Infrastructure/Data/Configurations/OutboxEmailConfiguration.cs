using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streaming.Domain.Notifications;
using Streaming.Domain.Users;

namespace Streaming.Infrastructure.Data.Configurations;

public class OutboxEmailConfiguration : IEntityTypeConfiguration<OutboxEmail>
{
    public void Configure(EntityTypeBuilder<OutboxEmail> builder)
    {
        builder.ToTable("email_outbox", t => t.HasCheckConstraint("ck_email_outbox_attempts", "attempts >= 0"));
        builder.HasKey(e => e.Id);
        builder.Property(e => e.DedupKey).HasMaxLength(OutboxEmail.DedupKeyMaxLength).IsRequired();
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.Address).HasMaxLength(OutboxEmail.AddressMaxLength);
        builder.Property(e => e.LastError).HasMaxLength(OutboxEmail.ErrorMaxLength);
        builder.Ignore(e => e.Category);

        // The same event never queues a second email.
        builder.HasIndex(e => e.DedupKey).IsUnique();
        // What the outbox job asks for on every run: pending emails that are due.
        builder.HasIndex(e => e.NextAttemptAt).HasFilter("status = 'Pending'").HasDatabaseName("ix_email_outbox_due");
        builder.HasIndex(e => new { e.EnrollmentId, e.Kind });
        // An account that goes takes its mail with it; a class that goes leaves its mail (skipped when sent).
        builder.HasOne<UserProfile>().WithMany().HasForeignKey(e => e.RecipientId).OnDelete(DeleteBehavior.Cascade);
    }
}
