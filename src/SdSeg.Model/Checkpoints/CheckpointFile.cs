using static TorchSharp.torch;

namespace SdSeg.Model.Checkpoints;

/// <summary>Loads a state dict from any supported weights file, recognised by its content: safetensors, a torch.save'd state dict, or a Lightning .ckpt.</summary>
public static class CheckpointFile
{
    /// <summary>The stored format of a weights file.</summary>
    public enum Format { Safetensors, TorchZipPickle }

    /// <summary>Recognises the format from the first bytes; anything else is an error that says what was found.</summary>
    public static Format Detect(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Checkpoint '{path}' does not exist.", path);
        using var file = File.OpenRead(path);
        Span<byte> head = stackalloc byte[9];
        int read = file.Read(head);
        if (read >= 4 && head[0] == 0x50 && head[1] == 0x4B && head[2] == 0x03 && head[3] == 0x04)
            return Format.TorchZipPickle;
        if (read == 9 && head[8] == (byte)'{')
            return Format.Safetensors;
        if (read >= 2 && head[0] == 0x80)
            throw new InvalidDataException(
                $"'{path}' is a PyTorch pickle in the legacy (pre-1.6, non-zip) format, which cannot be read here. Re-save it in Python " +
                "with torch.save(torch.load(p, map_location='cpu'), 'new.ckpt') on PyTorch 1.6 or later.");
        throw new InvalidDataException($"'{path}' is neither a safetensors file nor a PyTorch zip pickle (.pt/.pth/.ckpt).");
    }

    /// <summary>The state dict in the file, on the CPU; for a Lightning checkpoint its <c>state_dict</c> entry.</summary>
    public static Dictionary<string, Tensor> LoadStateDict(string path) => Detect(path) switch
    {
        Format.Safetensors => SafetensorsCheckpoint.Load(path),
        _ => TorchPickleCheckpoint.LoadStateDict(path),
    };
}
