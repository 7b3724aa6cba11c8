using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SdSeg.Catalog.Datasets;

namespace SdSeg.Catalog.Persistence;

/// <summary>Table, keys and indexes of <see cref="Dataset"/>.</summary>
public sealed class DatasetConfiguration : IEntityTypeConfiguration<Dataset>
{
    public void Configure(EntityTypeBuilder<Dataset> builder)
    {
        builder.Property(d => d.Name).HasMaxLength(200);
        builder.Property(d => d.Source).HasMaxLength(1000);
        builder.HasIndex(d => d.Name).IsUnique();
        builder.HasIndex(d => d.CreatedAt);
        // Samples and splits are part of the dataset; runs are not (see RunConfiguration).
        builder.HasMany(d => d.Samples).WithOne(s => s.Dataset).HasForeignKey(s => s.DatasetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(d => d.Splits).WithOne(s => s.Dataset).HasForeignKey(s => s.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }
}
