namespace SdSeg.Workbench.Models;

/// <summary>Maps the model endpoints.</summary>
public static class ModelsExtensions
{
    /// <summary>Maps the weights download.</summary>
    public static WebApplication MapModels(this WebApplication app)
    {
        app.MapModelWeights();
        return app;
    }
}
