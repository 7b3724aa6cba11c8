using System.CommandLine;
using SdSeg.Cli;

// First, so that no stop request can arrive while nothing handles it (the default action would end the engine without a checkpoint).
using var stop = StopSignals.Register();
if (EngineEnvironment.NeedsRelaunch())
    return await EngineEnvironment.RelaunchAsync(args, stop);
EngineEnvironment.FollowLauncher();
return await SdSegCommandLine.Build().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, stop.Token);
