using System.Collections.Concurrent;
using System.Data.Common;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CbtProgram.Web.Data;

/// <summary>
/// Whole entities read by a statement of a <see cref="SqlBatch"/>, made by the EF model's own mapping (its columns, value
/// converters and backing fields), untracked, as an AsNoTracking query gives them: for a page that needs the entity and
/// would otherwise pay a round trip of its own for it. Entity types with navigations or owned types are not supported.
/// </summary>
public static class EntityRows
{
    private sealed record Column(string Name, Func<DbDataReader, int, object?> Read, Action<object, object?> Set);

    private static readonly ConcurrentDictionary<Type, Column[]> Mappings = new();

    private static readonly ConcurrentDictionary<(Type, string), string> ColumnLists = new();

    /// <summary>
    /// The entity's columns, quoted, each prefixed with <paramref name="alias"/>, in the order <see cref="Reader{T}"/>
    /// reads them (made once per entity and alias: the patient pages ask for them on every request).
    /// </summary>
    public static string Columns<T>(AppDbContext db, string alias) where T : class =>
        ColumnLists.GetOrAdd((typeof(T), alias), _ => string.Join(", ", MappingOf<T>(db).Select(c => $"{alias}.\"{c.Name}\"")));

    /// <summary>Makes one entity of each row whose columns are <see cref="Columns{T}"/>'s.</summary>
    public static Func<DbDataReader, T> Reader<T>(AppDbContext db) where T : class
    {
        var columns = MappingOf<T>(db);
        return row =>
        {
            var entity = (T)Activator.CreateInstance(typeof(T), nonPublic: true)!;
            for (var i = 0; i < columns.Length; i++)
                columns[i].Set(entity, row.IsDBNull(i) ? null : columns[i].Read(row, i));
            return entity;
        };
    }

    /// <summary>
    /// The entity as the context tracks it, as a tracking query gives it: the instance the context already tracks with
    /// this key, else this one, attached unchanged (what was read becomes its original values).
    /// </summary>
    public static T Track<T>(AppDbContext db, T entity) where T : class
    {
        var entry = db.Entry(entity);
        var key = entry.Metadata.FindPrimaryKey()!.Properties.Select(p => entry.Property(p).CurrentValue).ToArray();
        return db.Set<T>().Local.FindEntryUntyped(key)?.Entity ?? db.Attach(entity).Entity;
    }

    private static Column[] MappingOf<T>(AppDbContext db) where T : class =>
        Mappings.GetOrAdd(typeof(T), _ =>
        {
            var type = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not an entity of the model.");
            if (type.GetNavigations().Any() || type.GetSkipNavigations().Any() || type.IsOwned())
                throw new NotSupportedException($"{typeof(T).Name} has navigations: read it with an EF query.");
            var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
            return type.GetProperties().Where(p => !p.IsShadowProperty()).Select(p => ColumnOf(p, table)).ToArray();
        });

    private static Column ColumnOf(IProperty property, StoreObjectIdentifier table)
    {
        var converter = property.GetTypeMapping().Converter;
        var provider = converter?.ProviderClrType ?? property.ClrType;
        var stored = Nullable.GetUnderlyingType(provider) ?? provider;
        var read = (Func<DbDataReader, int, object?>)Delegate.CreateDelegate(typeof(Func<DbDataReader, int, object?>),
            typeof(EntityRows).GetMethod(nameof(Boxed), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(stored));
        Func<DbDataReader, int, object?> value = converter is null ? read : (row, i) => converter.ConvertFromProvider(read(row, i));
        return new Column(property.GetColumnName(table)!, value, SetterOf(property));
    }

    /// <summary>
    /// Sets the member EF materialises the property through (a backing field, or the property), compiled once: the
    /// patient pages read a few hundred values this way on every request, where reflection's SetValue showed in the
    /// profile. A read-only field (which a compiled assignment may not write) is set by reflection.
    /// </summary>
    private static Action<object, object?> SetterOf(IProperty property)
    {
        var member = property.GetMemberInfo(forMaterialization: true, forSet: true);
        if (member is FieldInfo { IsInitOnly: true } readOnly)
            return readOnly.SetValue;
        if (member is not (FieldInfo or PropertyInfo { CanWrite: true }))
            throw new NotSupportedException($"{property.Name} of {property.DeclaringType.DisplayName()} cannot be set.");
        var entity = Expression.Parameter(typeof(object), "entity");
        var value = Expression.Parameter(typeof(object), "value");
        var target = Expression.MakeMemberAccess(Expression.Convert(entity, member.DeclaringType!), member);
        var assign = Expression.Assign(target, Expression.Convert(value, target.Type));
        return Expression.Lambda<Action<object, object?>>(assign, entity, value).Compile();
    }

    private static object? Boxed<TValue>(DbDataReader row, int column) => row.GetFieldValue<TValue>(column);
}
