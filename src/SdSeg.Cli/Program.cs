using SdSeg.Cli;

if (EngineEnvironment.NeedsRelaunch())
    return await EngineEnvironment.RelaunchAsync(args);
EngineEnvironment.FollowLauncher();
return await SdSegCommandLine.Build().Parse(args).InvokeAsync();
