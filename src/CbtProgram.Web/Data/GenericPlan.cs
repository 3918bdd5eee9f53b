namespace CbtProgram.Web.Data;

/// <summary>
/// Runs a statement on PostgreSQL's generic plan: planned once per connection (the statement is prepared, Max Auto
/// Prepare), not again for each set of parameters. Left to choose, PostgreSQL plans a prepared statement for its
/// parameters whenever its generic plan's estimate looks dearer, which for a hot statement with many parts can cost
/// more than running it. Send <see cref="Begin"/> just before the statement and <see cref="End"/> just after, in the same
/// round trip. <see cref="Begin"/> uses <c>set_config(..., true)</c>, which lasts to the end of the transaction also
/// when the statements run in PostgreSQL's implicit one (where <c>SET LOCAL</c> would only warn), so a failure in between
/// leaves no setting behind; <see cref="End"/> puts the setting back for the rest of the transaction.
/// </summary>
public static class GenericPlan
{
    /// <summary>The name of the one column <see cref="Begin"/> returns, so a reader of the results can step over it.</summary>
    public const string ResultName = "cbt_generic_plan";

    public const string Begin = $"""SELECT set_config('plan_cache_mode', 'force_generic_plan', true) AS "{ResultName}";""";

    public const string End = "RESET plan_cache_mode;";
}
