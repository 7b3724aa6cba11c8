using SdSeg.Engine.Runs;

namespace SdSeg.Engine.Tests.Runs;

public sealed class RunDirectoryTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("sdseg-run-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Spec_round_trips_with_the_kind_as_text()
    {
        var run = new RunDirectory(Path.Combine(_root, "r1"));
        var spec = new RunSpec { Kind = RunKind.Train, Config = "tiny", Data = "/data/kvasir", Seed = 7, TimeBudget = TimeSpan.FromMinutes(30) };
        run.WriteSpec(spec);
        Assert.Contains("\"kind\": \"Train\"", File.ReadAllText(run.SpecFile));
        Assert.Equal(spec, run.ReadSpec());
    }

    [Fact]
    public void Missing_or_broken_spec_is_a_clear_error()
    {
        var run = new RunDirectory(_root);
        Assert.Contains("no spec.json", Assert.Throws<FileNotFoundException>(run.ReadSpec).Message);
        File.WriteAllText(run.SpecFile, "{ not json");
        Assert.Contains("not a valid run spec", Assert.Throws<InvalidDataException>(run.ReadSpec).Message);
    }

    [Fact]
    public void Progress_is_read_incrementally_and_a_partial_last_line_waits()
    {
        var run = new RunDirectory(_root);
        run.AppendProgress(new ProgressEvent { Phase = "denoiser", Step = 1, Losses = new Dictionary<string, double> { ["loss"] = 0.5 } });
        var (first, offset) = run.ReadProgress();
        Assert.Single(first);
        Assert.Equal(0.5, first[0].Losses!["loss"]);

        File.AppendAllText(run.ProgressFile, "{\"phase\":\"denoiser\",\"st");
        var (none, same) = run.ReadProgress(offset);
        Assert.Empty(none);
        Assert.Equal(offset, same);

        File.AppendAllText(run.ProgressFile, "ep\":2}\n");
        var (second, _) = run.ReadProgress(same);
        Assert.Equal(2, Assert.Single(second).Step);
    }

    [Fact]
    public void A_corrupt_line_does_not_hide_later_events()
    {
        var run = new RunDirectory(_root);
        File.WriteAllText(run.ProgressFile, "garbage\n");
        run.AppendProgress(new ProgressEvent { Phase = "done", Step = 3 });
        Assert.Equal(3, Assert.Single(run.ReadProgress().Events).Step);
    }
}
