// MSBuild inline task (RoslynCodeTaskFactory). libLibTorchSharp.so from TorchSharp 0.107 requires GLIBCXX_3.4.32, which
// Debian 12's libstdc++ (3.4.30) lacks; the only symbol bound to that version is a marker no relocation uses. Marking a
// version requirement VER_FLG_WEAK in .gnu.version_r makes the loader accept its absence. This task does that for every
// libstdc++ version the system library does not define, on the copy in the build output only.
using System;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class PatchLibTorchSharp : Task
{
    const uint ShtGnuVerneed = 0x6ffffffe;
    const ushort VerFlgWeak = 0x2;

    [Required]
    public string Library { get; set; } = "";

    public override bool Execute()
    {
        var systemLib = new[]
        {
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
            "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
        }.FirstOrDefault(File.Exists);
        if (systemLib == null)
        {
            Log.LogMessage(MessageImportance.Low, "PatchLibTorchSharp: no system libstdc++ found; leaving {0} as is.", Library);
            return true;
        }
        var systemBytes = File.ReadAllBytes(systemLib);
        var bytes = File.ReadAllBytes(Library);
        if (bytes.Length < 64 || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[4] != 2 || bytes[5] != 1)
        {
            Log.LogError("PatchLibTorchSharp: {0} is not a 64-bit little-endian ELF file.", Library);
            return false;
        }

        long shoff = BitConverter.ToInt64(bytes, 0x28);
        int shentsize = BitConverter.ToUInt16(bytes, 0x3A);
        int shnum = BitConverter.ToUInt16(bytes, 0x3C);
        int patched = 0;
        for (int i = 0; i < shnum; i++)
        {
            long sh = shoff + (long)i * shentsize;
            if (BitConverter.ToUInt32(bytes, (int)sh + 4) != ShtGnuVerneed) continue;
            long offset = BitConverter.ToInt64(bytes, (int)sh + 0x18);
            int link = (int)BitConverter.ToUInt32(bytes, (int)sh + 0x28);
            int count = (int)BitConverter.ToUInt32(bytes, (int)sh + 0x2C);
            long strtab = BitConverter.ToInt64(bytes, (int)(shoff + (long)link * shentsize + 0x18));

            long need = offset;
            for (int n = 0; n < count; n++)
            {
                int auxCount = BitConverter.ToUInt16(bytes, (int)need + 2);
                string file = ReadString(bytes, strtab + BitConverter.ToUInt32(bytes, (int)need + 4));
                long aux = need + BitConverter.ToUInt32(bytes, (int)need + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    string version = ReadString(bytes, strtab + BitConverter.ToUInt32(bytes, (int)aux + 8));
                    ushort flags = BitConverter.ToUInt16(bytes, (int)aux + 4);
                    if (file.StartsWith("libstdc++", StringComparison.Ordinal) && (flags & VerFlgWeak) == 0
                        && !Defines(systemBytes, version))
                    {
                        BitConverter.GetBytes((ushort)(flags | VerFlgWeak)).CopyTo(bytes, (int)aux + 4);
                        Log.LogMessage(MessageImportance.High,
                            "PatchLibTorchSharp: {0} lacks {1}; marked that requirement weak in {2}.", systemLib, version, Library);
                        patched++;
                    }
                    aux += BitConverter.ToUInt32(bytes, (int)aux + 12);
                }
                need += BitConverter.ToUInt32(bytes, (int)need + 12);
            }
        }
        if (patched == 0) return true;

        // Write a new file and move it over the old one, so a hard link into the package cache is never modified.
        string temp = Library + ".patching";
        File.WriteAllBytes(temp, bytes);
        File.Delete(Library);
        File.Move(temp, Library);
        return true;
    }

    static string ReadString(byte[] bytes, long at)
    {
        int end = Array.IndexOf(bytes, (byte)0, (int)at);
        return Encoding.ASCII.GetString(bytes, (int)at, end - (int)at);
    }

    static bool Defines(byte[] library, string version)
    {
        var needle = Encoding.ASCII.GetBytes("\0" + version + "\0");
        for (int i = 0; i + needle.Length <= library.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && library[i + j] == needle[j]) j++;
            if (j == needle.Length) return true;
        }
        return false;
    }
}
