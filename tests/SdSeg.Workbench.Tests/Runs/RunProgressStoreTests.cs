using System.Text;
using SdSeg.Engine.Runs;
using SdSeg.Workbench.Runs;

namespace SdSeg.Workbench.Tests.Runs;

public sealed class RunProgressStoreTests : IDisposable
{
    private readonly RunDirectory run = new(Directory.CreateTempSubdirectory("sdseg-progress-").FullName);

    [Fact]
    public void A_partial_last_line_waits_for_its_newline_and_no_event_is_lost_or_counted_twice()
    {
        var store = new RunProgressStore();
        run.AppendProgress(new ProgressEvent { Phase = "denoiser", Step = 1, TotalSteps = 4, Losses = new Dictionary<string, double> { ["loss"] = 0.9 } });
        var second = """{"phase":"denoiser","step":2,"totalSteps":4,"losses":{"loss":0.7},"etaSeconds":12}""" + "\n";
        AppendRaw(second[..25]);

        var (afterHalf, changed) = store.Ingest(7, run);
        Assert.True(changed);
        Assert.Equal(1, afterHalf.Step);
        Assert.Single(afterHalf.DenoiserLoss);

        AppendRaw(second[25..]);
        run.AppendProgress(new ProgressEvent { Phase = "validation", Step = 2, TotalSteps = 4, ValidationDice = 0.42 });
        var (complete, _) = store.Ingest(7, run);

        Assert.Equal([0.9, 0.7], complete.DenoiserLoss.Select(p => p.Value));
        Assert.Equal(new ChartPoint(2, 0.42), Assert.Single(complete.ValidationDice));
        Assert.Equal(12, complete.EtaSeconds);
        Assert.Equal(3, complete.EventCount);
        Assert.Equal(new FileInfo(run.ProgressFile).Length, complete.Offset);
        Assert.False(store.Ingest(7, run).Changed);
    }

    [Fact]
    public void A_corrupt_line_is_skipped_and_the_events_after_it_are_kept()
    {
        AppendRaw("{\"phase\":\"denoiser\",\"st\u0000garbage\n");
        run.AppendProgress(new ProgressEvent { Phase = "done", Step = 4, TotalSteps = 4 });

        var progress = new RunProgressStore().Get(3, run);

        Assert.Equal("done", progress.Phase);
        Assert.Equal(1.0, progress.Fraction);
    }

    private void AppendRaw(string text)
    {
        using var stream = new FileStream(run.ProgressFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        stream.Write(Encoding.UTF8.GetBytes(text));
    }

    public void Dispose() => Directory.Delete(run.Path, recursive: true);
}
