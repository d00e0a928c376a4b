using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streaming.Domain.Jobs;

namespace Streaming.Infrastructure.Data.Configurations;

public class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> builder)
    {
        builder.ToTable("job_runs");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.JobName).HasMaxLength(JobRun.JobNameMaxLength).IsRequired();
        builder.Property(r => r.Instance).HasMaxLength(JobRun.InstanceMaxLength).IsRequired();
        builder.Property(r => r.Error).HasMaxLength(JobRun.ErrorMaxLength);
        builder.Property(r => r.Outcome).HasConversion<string>().HasMaxLength(20);
        builder.Ignore(r => r.Duration);
        builder.HasIndex(r => new { r.JobName, r.StartedAt });
    }
}
