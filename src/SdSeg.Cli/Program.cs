using SdSeg.Cli;

return await SdSegCommandLine.Build().Parse(args).InvokeAsync();
