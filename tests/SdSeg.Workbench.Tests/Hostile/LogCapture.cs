using Serilog.Core;
using Serilog.Events;

namespace SdSeg.Workbench.Tests.Hostile;

/// <summary>A Serilog sink the app picks up from its services (ReadFrom.Services): the rendered lines of its log, as the console shows them.</summary>
public sealed class LogCapture : ILogEventSink
{
    private readonly List<string> lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (lines)
                return [.. lines];
        }
    }

    public void Emit(LogEvent logEvent)
    {
        // Rendered as the console's {Message:lj}: strings without quotes.
        var text = new StringWriter();
        new Serilog.Formatting.Display.MessageTemplateTextFormatter("{Message:lj}").Format(logEvent, text);
        lock (lines)
            lines.Add(text.ToString());
    }
}
