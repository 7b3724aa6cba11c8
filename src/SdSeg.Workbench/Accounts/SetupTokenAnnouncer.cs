namespace SdSeg.Workbench.Accounts;

/// <summary>At start, while the catalog has no admin, writes the setup token to the log as a line <c>Setup token: &lt;token&gt;</c>.</summary>
public sealed partial class SetupTokenAnnouncer(IServiceScopeFactory scopes, SetupToken token, ILogger<SetupTokenAnnouncer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Registered after the catalog's migrator, so the tables exist.
        await using var scope = scopes.CreateAsyncScope();
        if (await scope.ServiceProvider.GetRequiredService<AccountRegistration>().HasAdminAsync(cancellationToken))
            return;
        if (token.IsConfigured)
            LogConfigured();
        else
        {
            LogHint();
            LogToken(token.Value);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "No admin yet: register the first admin at /account/register with the setup token on the next line")]
    private partial void LogHint();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Setup token: {SetupToken:l}")]
    private partial void LogToken(string setupToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No admin yet: register the first admin at /account/register with the setup token from SdSeg:SetupToken")]
    private partial void LogConfigured();
}
