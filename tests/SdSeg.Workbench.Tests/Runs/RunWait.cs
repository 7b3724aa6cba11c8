using Microsoft.EntityFrameworkCore;
using SdSeg.Catalog.Runs;

namespace SdSeg.Workbench.Tests.Runs;

/// <summary>Polls the catalog until a run reaches a status (tests of a background service cannot await it directly).</summary>
public static class RunWait
{
    public static async Task<Run> ForStatusAsync(RunsHost host, int runId, Func<RunStatus, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            await using (var db = host.OpenCatalog())
            {
                var run = await db.Runs.AsNoTracking().Include(r => r.PerImageResults).SingleAsync(r => r.Id == runId);
                if (done(run.Status))
                    return run;
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"Run {runId} is still {run.Status} (phase {run.Phase}, step {run.Step}) after {timeout.TotalSeconds} s; error: {run.Error}");
            }
            await Task.Delay(200);
        }
    }
}
