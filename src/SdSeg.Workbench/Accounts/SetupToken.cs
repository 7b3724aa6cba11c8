using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace SdSeg.Workbench.Accounts;

/// <summary>
/// The one-time token that registers the first admin: <c>SdSeg:SetupToken</c> when configured, otherwise made at start (128 random
/// bits) and written to the log, so only whoever can read the start command's console can claim a fresh install.
/// </summary>
public sealed class SetupToken(IOptions<AccountOptions> options)
{
    private readonly Lazy<string> value = new(() =>
        options.Value.SetupToken?.Trim() is { Length: > 0 } configured ? configured : WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16)));

    /// <summary>Whether the token comes from configuration (and so is not written to the log).</summary>
    public bool IsConfigured => options.Value.SetupToken?.Trim() is { Length: > 0 };

    /// <summary>The token, to announce in the log.</summary>
    public string Value => value.Value;

    /// <summary>Whether <paramref name="candidate"/> is the token; compared in constant time.</summary>
    public bool Matches(string? candidate) =>
        candidate is not null
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(candidate.Trim())), SHA256.HashData(Encoding.UTF8.GetBytes(Value)));
}
