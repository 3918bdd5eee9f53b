using CbtProgram.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace CbtProgram.Benchmarks.Running;

/// <summary>
/// Writes entities with PostgreSQL's binary COPY, reading table, columns, types and value conversions from the EF
/// model, so seeded rows are exactly what the site would have saved, only thousands of times faster.
/// </summary>
public static class BulkCopy
{
    public static async Task<ulong> CopyAsync<T>(AppDbContext db, IEnumerable<T> rows, CancellationToken cancellationToken = default)
        where T : class
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new ArgumentException($"{typeof(T).Name} is not in the EF model.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        // A row version (PostgreSQL's xmin) is the database's own: COPY cannot write a system column.
        var properties = entity.GetProperties().Where(p => !(p.IsConcurrencyToken && p.ValueGenerated == ValueGenerated.OnAddOrUpdate)).ToList();
        if (properties.FirstOrDefault(p => p.PropertyInfo is null && p.FieldInfo is null) is { } shadow)
            throw new NotSupportedException($"{typeof(T).Name}.{shadow.Name} is a shadow property; bulk copy cannot read it.");
        var columns = string.Join(", ", properties.Select(p => $"\"{p.GetColumnName(table)}\""));
        var types = properties.Select(p => p.GetRelationalTypeMapping().StoreTypeNameBase).ToArray();

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using var importer = await connection.BeginBinaryImportAsync(
                $"COPY \"{table.Name}\" ({columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
            foreach (var row in rows)
            {
                await importer.StartRowAsync(cancellationToken);
                for (var i = 0; i < properties.Count; i++)
                {
                    var property = properties[i];
                    var value = property.PropertyInfo is { } info ? info.GetValue(row) : property.FieldInfo!.GetValue(row);
                    if (value is not null && property.GetTypeMapping().Converter is { } converter)
                        value = converter.ConvertToProvider(value);
                    if (value is null)
                        await importer.WriteNullAsync(cancellationToken);
                    else
                        await importer.WriteAsync(value, types[i], cancellationToken);
                }
            }
            return await importer.CompleteAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
