using SdSeg.Cli;

if (EngineEnvironment.NeedsRelaunch())
    return await EngineEnvironment.RelaunchAsync(args);
return await SdSegCommandLine.Build().Parse(args).InvokeAsync();
