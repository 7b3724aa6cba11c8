using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SdSeg.Catalog.Runs;

namespace SdSeg.Catalog.Persistence;

/// <summary>Table, keys and indexes of <see cref="PerImageResult"/>.</summary>
public sealed class PerImageResultConfiguration : IEntityTypeConfiguration<PerImageResult>
{
    public void Configure(EntityTypeBuilder<PerImageResult> builder)
    {
        builder.Property(p => p.SampleStem).HasMaxLength(400);
        builder.HasIndex(p => new { p.RunId, p.SampleStem }).IsUnique();
        // Compare looks up the same image across runs.
        builder.HasIndex(p => p.SampleStem);
    }
}
