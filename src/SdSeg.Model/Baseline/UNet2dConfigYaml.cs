using System.Globalization;
using SdSeg.Model.Configuration;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace SdSeg.Model.Baseline;

/// <summary>
/// Reads and writes a <see cref="UNet2dConfig"/> as YAML: a root with <c>baseline: unet</c> (which tells it apart from an
/// official SDSeg config), a <c>model</c> and a <c>training</c> section. Unknown keys and out-of-range values are errors
/// naming the key; absent keys take the <c>unet</c> preset's values.
/// </summary>
public static class UNet2dConfigYaml
{
    /// <summary>The root key whose value names the baseline kind.</summary>
    public const string KindKey = "baseline";

    /// <summary>The value of <see cref="KindKey"/> for this network.</summary>
    public const string Kind = "unet";

    static readonly IDeserializer Reader = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    static readonly ISerializer Writer = new SerializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    /// <summary>Parses YAML text; <paramref name="source"/> names the file or preset in error messages.</summary>
    public static UNet2dConfig Parse(string yaml, string source)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        YamlInputLimits.Check(yaml, source);
        Document? document;
        try
        {
            document = Reader.Deserialize<Document>(yaml);
        }
        catch (YamlException ex)
        {
            string detail = ex.InnerException?.Message ?? ex.Message;
            throw new ConfigurationException(source, $"line {ex.Start.Line}", $"not a valid baseline U-Net config: {detail}");
        }
        if (document is null)
            throw new ConfigurationException(source, "(root)", $"the file is empty; expected '{KindKey}: {Kind}' with 'model' and 'training' sections.");
        if (document.Baseline != Kind)
            throw new ConfigurationException(source, KindKey, $"'{document.Baseline}' is not a baseline this build knows; expected '{Kind}'.");

        var model = document.Model ?? new ModelSection();
        var training = document.Training ?? new TrainingSection();
        var defaults = new UNet2dConfig();
        var config = new UNet2dConfig
        {
            ImageSize = model.ImageSize ?? defaults.ImageSize,
            InChannels = model.InChannels ?? defaults.InChannels,
            BaseChannels = model.BaseChannels ?? defaults.BaseChannels,
            Levels = model.Levels ?? defaults.Levels,
            Norm = model.Norm ?? defaults.Norm,
            NormGroups = model.NormGroups ?? defaults.NormGroups,
            Upsample = model.Upsample ?? defaults.Upsample,
            LearningRate = training.LearningRate ?? defaults.LearningRate,
            BatchSize = training.BatchSize ?? defaults.BatchSize,
        };
        Validate(config, source);
        return config;
    }

    /// <summary>Reads a YAML file written by <see cref="Write"/> or by hand.</summary>
    public static UNet2dConfig ReadFile(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Configuration file '{path}' does not exist.", path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>The YAML text of <paramref name="config"/>; <see cref="Parse"/> reads it back to an equal config.</summary>
    public static string Write(UNet2dConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Writer.Serialize(new Document
        {
            Baseline = Kind,
            Model = new ModelSection
            {
                ImageSize = config.ImageSize,
                InChannels = config.InChannels,
                BaseChannels = config.BaseChannels,
                Levels = config.Levels,
                Norm = config.Norm,
                NormGroups = config.NormGroups,
                Upsample = config.Upsample,
            },
            Training = new TrainingSection { LearningRate = config.LearningRate, BatchSize = config.BatchSize },
        });
    }

    /// <summary>Checks every setting; the first one out of range is a <see cref="ConfigurationException"/> naming its key.</summary>
    public static void Validate(UNet2dConfig config, string source)
    {
        ArgumentNullException.ThrowIfNull(config);
        static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
        if (config.Levels < 1 || config.Levels > 8)
            throw new ConfigurationException(source, "model.levels", $"{config.Levels} is out of range; use 1 to 8 levels.");
        if (config.BaseChannels < 1 || config.ChannelsAt(config.Levels) > 4096)
            throw new ConfigurationException(source, "model.base_channels", $"{config.BaseChannels} is out of range: it must be positive and base·2^levels at most 4096.");
        if (config.InChannels is < 1 or > 16)
            throw new ConfigurationException(source, "model.in_channels", $"{config.InChannels} is out of range; use 1 to 16 channels (3 for RGB images).");
        int factor = 1 << config.Levels;
        if (config.ImageSize < factor || config.ImageSize % factor != 0 || config.ImageSize > 2048)
            throw new ConfigurationException(source, "model.image_size", $"{config.ImageSize} px must be a positive multiple of 2^levels = {factor}, at most 2048.");
        if (!UNet2dConfig.Norms.Contains(config.Norm))
            throw new ConfigurationException(source, "model.norm", $"'{config.Norm}' is not a norm; use {string.Join(" or ", UNet2dConfig.Norms)}.");
        if (config.Norm == "group" && (config.NormGroups < 1 || config.BaseChannels % config.NormGroups != 0))
            throw new ConfigurationException(source, "model.norm_groups", $"{config.NormGroups} groups must divide the base channels {config.BaseChannels} (and so every level's).");
        if (!UNet2dConfig.Upsamplings.Contains(config.Upsample))
            throw new ConfigurationException(source, "model.upsample", $"'{config.Upsample}' is not an up-sampling; use {string.Join(" or ", UNet2dConfig.Upsamplings)}.");
        if (!(config.LearningRate > 0 && config.LearningRate <= 1))
            throw new ConfigurationException(source, "training.learning_rate", $"{Text(config.LearningRate)} must be a positive number up to 1.");
        if (config.BatchSize is < 1 or > 256)
            throw new ConfigurationException(source, "training.batch_size", $"{config.BatchSize} is out of range; use 1 to 256.");
    }

    sealed class Document
    {
        public string? Baseline { get; set; }
        public ModelSection? Model { get; set; }
        public TrainingSection? Training { get; set; }
    }

    sealed class ModelSection
    {
        public int? ImageSize { get; set; }
        public int? InChannels { get; set; }
        public int? BaseChannels { get; set; }
        public int? Levels { get; set; }
        public string? Norm { get; set; }
        public int? NormGroups { get; set; }
        public string? Upsample { get; set; }
    }

    sealed class TrainingSection
    {
        public double? LearningRate { get; set; }
        public int? BatchSize { get; set; }
    }
}
