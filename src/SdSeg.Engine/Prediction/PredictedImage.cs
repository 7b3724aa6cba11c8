namespace SdSeg.Engine.Prediction;

/// <summary>One written prediction: the input, the mask file, its size and foreground fraction.</summary>
public sealed record PredictedImage(string Input, string MaskFile, int Width, int Height, double ForegroundFraction, bool WasResampled);
