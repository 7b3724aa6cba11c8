namespace SdSeg.Imaging.Masks;

/// <summary>Which channel of a mask image decides foreground.</summary>
public enum MaskChannel
{
    /// <summary>Foreground when any colour channel (R, G or B; gray counts as all three) is above half the maximum. Alpha is ignored.</summary>
    AnyColour,
    Red,
    Green,
    Blue,
    Alpha,

    /// <summary>Rec. 709 luminance 0.2126R + 0.7152G + 0.0722B.</summary>
    Luminance,
}
