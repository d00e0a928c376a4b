using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streaming.Domain.Streams;
using Streaming.Domain.Workouts;

namespace Streaming.Infrastructure.Data.Configurations;

public class WorkoutConfiguration : IEntityTypeConfiguration<Workout>
{
    public void Configure(EntityTypeBuilder<Workout> builder)
    {
        builder.ToTable("workouts", t => t.HasCheckConstraint("ck_workouts_duration", "duration_seconds > 0"));
        builder.HasKey(w => w.Id);
        builder.Property(w => w.Title).HasMaxLength(LiveStream.TitleMaxLength).IsRequired();
        builder.Property(w => w.Description).HasMaxLength(LiveStream.DescriptionMaxLength).IsRequired();
        builder.Property(w => w.Category).HasMaxLength(LiveStream.CategoryMaxLength);
        builder.Property(w => w.ThumbnailPath).HasMaxLength(500);
        builder.Property(w => w.VideoKey).HasMaxLength(Workout.VideoKeyMaxLength).IsRequired();
        builder.Property<uint>("Version").HasColumnName("xmin").HasColumnType("xid").IsRowVersion();

        // A class becomes one workout at most: a second migration of it cannot be stored. No foreign
        // key: the class may be deleted later, and its workout stays in the catalog.
        builder.HasIndex(w => w.SourceStreamId).IsUnique();
        builder.HasOne(w => w.Instructor).WithMany().HasForeignKey(w => w.InstructorId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(w => new { w.IsPublished, w.CreatedAt });
        builder.HasIndex(w => w.InstructorId);
    }
}
