using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SdSeg.Catalog;
using SdSeg.Catalog.Identity;

namespace SdSeg.Workbench.Accounts;

/// <summary>
/// The sign-in form's password check. An unknown user, a wrong password and a locked account get the same answer after the same
/// work (one password hash each), so neither the message nor the time tells an attacker which user names exist; wrong passwords
/// count towards a lockout.
/// </summary>
public sealed partial class PasswordSignIn(
    SignInManager<WorkbenchUser> signIn,
    IPasswordHasher<WorkbenchUser> hasher,
    IOptions<AccountOptions> options,
    TimeProvider clock,
    ILogger<PasswordSignIn> logger)
{
    // Verified against for unknown users, so they cost what a real account costs. Made once, with the app's own hasher settings.
    private static string? decoyHash;
    private static readonly WorkbenchUser Decoy = new() { UserName = "decoy" };
    private static double wrongPasswordMs;

    /// <summary>The one message for every refused sign-in.</summary>
    public string FailureMessage =>
        $"Sign-in failed: the user name or password is wrong, or the account is locked (after {options.Value.LockoutAttempts} wrong passwords "
        + $"it is locked for {options.Value.LockoutMinutes:0.#} minutes; an admin can unlock it).";

    /// <summary>Signs <paramref name="userName"/> in with a persistent cookie when the password is right and the account may sign in.</summary>
    /// <returns>Null on success; otherwise the message to show.</returns>
    public async Task<string?> SignInAsync(string userName, string password)
    {
        var users = signIn.UserManager;
        var watch = Stopwatch.StartNew();
        try
        {
            var user = await users.FindByNameAsync(userName);
            if (user is null)
            {
                hasher.VerifyHashedPassword(Decoy, DecoyHash(), password);
                await PadAsync(watch);
                return FailureMessage;
            }
            if (await users.IsLockedOutAsync(user))
            {
                // Identity answers a locked account before hashing; hash anyway, and keep the answer the same.
                hasher.VerifyHashedPassword(user, user.PasswordHash ?? DecoyHash(), password);
                await PadAsync(watch);
                return FailureMessage;
            }
            var result = await signIn.PasswordSignInAsync(user, password, isPersistent: true, lockoutOnFailure: true);
            if (result.IsLockedOut)
                LogLockedOut(user.UserName ?? "", options.Value.LockoutAttempts);
            if (!result.Succeeded)
            {
                RecordWrongPassword(watch.Elapsed);
                return FailureMessage;
            }
            user.LastSignInAt = clock.GetUtcNow().UtcDateTime;
            await users.UpdateAsync(user);
            return null;
        }
        catch (Exception e) when (CatalogFaults.Reason(e) is { } reason)
        {
            LogCatalogUnwritable(reason);
            return $"Sign-in is not possible right now: the workbench cannot write its catalog ({reason}). Try again once the disk has room.";
        }
    }

    private string DecoyHash() => decoyHash ??= hasher.HashPassword(Decoy, RandomNumberGenerator.GetHexString(32));

    // A wrong password also writes the failure count (a catalog write, slow on a busy disk); refusals that write nothing wait out
    // the difference, so they take as long as the running average of wrong passwords.
    private static void RecordWrongPassword(TimeSpan elapsed)
    {
        lock (Decoy)
            wrongPasswordMs = wrongPasswordMs == 0 ? elapsed.TotalMilliseconds : 0.8 * wrongPasswordMs + 0.2 * elapsed.TotalMilliseconds;
    }

    private static Task PadAsync(Stopwatch clock)
    {
        double target;
        lock (Decoy)
            target = wrongPasswordMs;
        var wait = target - clock.Elapsed.TotalMilliseconds;
        return wait > 1 ? Task.Delay(TimeSpan.FromMilliseconds(wait)) : Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {UserName} is locked out after {Attempts} wrong passwords")]
    private partial void LogLockedOut(string userName, int attempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sign-in failed: the catalog cannot be written ({Reason})")]
    private partial void LogCatalogUnwritable(string reason);
}
