namespace SdSeg.Workbench.Api;

/// <summary>A one-time link the API made (an invite or a password reset), to hand to the person it is for.</summary>
public sealed record ApiLink(string Link);
