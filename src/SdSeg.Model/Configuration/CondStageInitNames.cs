namespace SdSeg.Model.Configuration;

/// <summary>The YAML spellings of <see cref="CondStageInit"/> (workbench key <c>cond_stage_init</c>).</summary>
public static class CondStageInitNames
{
    public const string FirstStageEncoder = "first_stage_encoder";
    public const string Random = "random";

    /// <summary>The YAML spelling of <paramref name="init"/>.</summary>
    public static string Of(CondStageInit init) => init == CondStageInit.Random ? Random : FirstStageEncoder;
}
