using System.Text.Json;
using System.Text.Json.Serialization;

namespace SdSeg.Workbench.Api;

/// <summary>The REST API's JSON conventions: camelCase names, enums as camelCase strings, unknown request fields rejected.</summary>
public static class ApiJson
{
    /// <summary>Options for reading request bodies and writing responses.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        // A misspelt field (say "step" for "steps") would otherwise be silently replaced by its default.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };
}
