using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SdSeg.Workbench.Tests.Hostile;

/// <summary>
/// Makes the real SQLite catalog refuse writes while <see cref="Blocked"/> (<c>PRAGMA query_only</c> on every connection the app
/// opens: SQLite answers "attempt to write a readonly database"), as a full or read-only disk does; reads go on working.
/// </summary>
public sealed class CatalogWriteBlock : DbConnectionInterceptor
{
    public volatile bool Blocked;

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA query_only = {(Blocked ? 1 : 0)}";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA query_only = {(Blocked ? 1 : 0)}";
        command.ExecuteNonQuery();
    }
}
