using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SdSeg.Catalog.Runs;

namespace SdSeg.Catalog.Persistence;

/// <summary>Table, keys and delete rules of <see cref="Run"/>.</summary>
public sealed class RunConfiguration : IEntityTypeConfiguration<Run>
{
    public void Configure(EntityTypeBuilder<Run> builder)
    {
        builder.Property(r => r.Kind).HasMaxLength(20);
        builder.Property(r => r.Status).HasMaxLength(20);
        builder.Property(r => r.RunDirectory).HasMaxLength(1000);
        builder.HasIndex(r => r.RunDirectory).IsUnique();
        builder.HasIndex(r => new { r.Status, r.CreatedAt });
        builder.HasIndex(r => r.CreatedAt);
        builder.Property(r => r.Phase).HasMaxLength(40);

        // A run must never point at nothing: the dataset, split or model it used cannot be deleted while the run exists.
        builder.HasOne(r => r.Dataset).WithMany().HasForeignKey(r => r.DatasetId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(r => r.Split).WithMany().HasForeignKey(r => r.SplitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(r => r.Model).WithMany().HasForeignKey(r => r.ModelId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(r => r.PerImageResults).WithOne(p => p.Run).HasForeignKey(p => p.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}
