using SdSeg.Catalog.Runs;

namespace SdSeg.Workbench.Runs;

/// <summary>What the New run form asks for; <see cref="RunLauncher"/> checks it against the catalog and turns it into a run spec.</summary>
public sealed class RunRequest
{
    public RunKind Kind { get; set; } = RunKind.Train;

    /// <summary>A preset name (train), ignored when <see cref="ConfigYaml"/> is set.</summary>
    public string Preset { get; set; } = "small";

    /// <summary>An uploaded official-format YAML configuration (train).</summary>
    public string? ConfigYaml { get; set; }

    /// <summary>The uploaded YAML's file name, for messages.</summary>
    public string? ConfigFileName { get; set; }

    public int? DatasetId { get; set; }

    public int? SplitId { get; set; }

    /// <summary>Denoiser steps (train); with <see cref="TimeBudgetMinutes"/> unset.</summary>
    public int? Steps { get; set; } = 200;

    /// <summary>Wall-time budget in minutes (train); replaces <see cref="Steps"/> when set.</summary>
    public double? TimeBudgetMinutes { get; set; }

    public int BatchSize { get; set; } = 4;

    public int Seed { get; set; }

    /// <summary>auto, cpu, cuda or cuda:N.</summary>
    public string Device { get; set; } = "auto";

    /// <summary>The finished train run whose model a predict run applies.</summary>
    public int? ModelRunId { get; set; }

    /// <summary>The split subset a predict run reads: train, validation, test, or all.</summary>
    public string Subset { get; set; } = "test";

    /// <summary>The finished predict run whose predictions an evaluate run scores.</summary>
    public int? PredictionsRunId { get; set; }
}
