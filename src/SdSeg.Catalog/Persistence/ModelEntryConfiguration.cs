using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SdSeg.Catalog.Models;

namespace SdSeg.Catalog.Persistence;

/// <summary>Table, keys and delete rules of <see cref="ModelEntry"/>.</summary>
public sealed class ModelEntryConfiguration : IEntityTypeConfiguration<ModelEntry>
{
    public void Configure(EntityTypeBuilder<ModelEntry> builder)
    {
        builder.ToTable("Models");
        builder.Property(m => m.Name).HasMaxLength(200);
        builder.Property(m => m.WeightsPath).HasMaxLength(1000);
        builder.Property(m => m.OriginFile).HasMaxLength(1000);
        builder.HasIndex(m => m.Name).IsUnique();
        // Deleting the training run keeps the model; only its provenance link is cleared.
        builder.HasOne(m => m.OriginRun).WithMany().HasForeignKey(m => m.OriginRunId).OnDelete(DeleteBehavior.SetNull);
    }
}
