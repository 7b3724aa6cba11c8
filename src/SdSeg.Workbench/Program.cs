using SdSeg.Workbench;

var builder = WebApplication.CreateBuilder(args);
builder.AddWorkbench();

var app = builder.Build();
app.MapWorkbench();
app.Run();

/// <summary>Entry point, public for WebApplicationFactory.</summary>
public partial class Program;
