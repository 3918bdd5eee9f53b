using CbtProgram.Web.Data;

namespace CbtProgram.IntegrationTests.Data;

/// <summary>Every mapped value of an entity, by the EF model (arrays as their items), to compare two reads of it.</summary>
public static class EntityValues
{
    public static string Of(AppDbContext db, object? entity) =>
        entity is null ? "none" : string.Join("; ", db.Model.FindEntityType(entity.GetType())!.GetProperties().Where(p => !p.IsShadowProperty()).Select(p =>
            $"{p.Name}={(p.PropertyInfo?.GetValue(entity) ?? p.FieldInfo?.GetValue(entity)) switch
            {
                System.Collections.IEnumerable items and not string => string.Join(",", items.Cast<object?>()),
                var value => value,
            }}"));
}
