using SdSeg.Engine.Runs;

namespace SdSeg.Workbench.Runs;

/// <summary>A run whose engine process is alive, with what was asked of it.</summary>
internal sealed class ActiveRun(int runId, RunDirectory directory, EngineProcess engine)
{
    public int RunId { get; } = runId;
    public RunDirectory Directory { get; } = directory;
    public EngineProcess Engine { get; } = engine;
    public volatile bool CancelRequested;
    public volatile bool AppStopping;
    public Task Monitor { get; set; } = Task.CompletedTask;
}
