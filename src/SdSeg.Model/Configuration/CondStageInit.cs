namespace SdSeg.Model.Configuration;

/// <summary>Where the condition encoder's weights come from before SDSeg training starts.</summary>
public enum CondStageInit
{
    /// <summary>A copy of the first stage's encoder (official: kl-f8's encoder; here the mask autoencoder's when it is trained or shipped).</summary>
    FirstStageEncoder,

    /// <summary>Its own seeded random initialisation (an encoder that has only seen masks is a poor start for images).</summary>
    Random,
}
