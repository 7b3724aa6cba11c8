using SdSeg.Catalog.Runs;
using SdSeg.Workbench.Components.Pages.Runs;
using SdSeg.Workbench.Runs;

namespace SdSeg.Workbench.Tests.Runs;

/// <summary>Where the New run form shows a launcher error: under the field's own control when the form has one for the kind.</summary>
public sealed class NewRunErrorPlacementTests
{
    [Theory]
    [InlineData(RunKind.Train, false, "batchSize", true)]
    [InlineData(RunKind.Train, false, "steps", true)]
    [InlineData(RunKind.Train, false, "timeBudgetMinutes", false)]
    [InlineData(RunKind.Train, true, "timeBudgetMinutes", true)]
    [InlineData(RunKind.Train, false, "configYaml", false)]
    [InlineData(RunKind.Predict, false, "modelRunId", true)]
    [InlineData(RunKind.Predict, false, "batchSize", false)]
    [InlineData(RunKind.Evaluate, false, "predictionsRunId", true)]
    [InlineData(RunKind.Evaluate, false, "splitId", false)]
    public void An_error_goes_under_the_control_only_where_the_form_shows_that_field(RunKind kind, bool useTimeBudget, string field, bool underControl)
    {
        Assert.Equal(underControl, NewRun.FieldsWithControl(kind, useTimeBudget).Contains(field));
    }

    [Fact]
    public void Every_field_the_launcher_names_is_one_the_form_can_show_or_the_uploaded_configuration()
    {
        var onForm = Enum.GetValues<RunKind>().SelectMany(k => NewRun.FieldsWithControl(k, false).Concat(NewRun.FieldsWithControl(k, true))).ToHashSet();

        Assert.Equal(
            new[] { RunRequestFields.BatchSize, RunRequestFields.DatasetId, RunRequestFields.Device, RunRequestFields.ModelRunId, RunRequestFields.PredictionsRunId,
                RunRequestFields.Preset, RunRequestFields.SplitId, RunRequestFields.Steps, RunRequestFields.Subset, RunRequestFields.TimeBudgetMinutes }.Order(),
            onForm.Order());
    }
}
