using CbtProgram.Web.Data;
using Npgsql;

namespace CbtProgram.UnitTests.Data;

public sealed class TunedConnectionStringTests
{
    private const string Plain = "Host=db.example.org;Port=5432;Database=cbt;Username=cbt;Password=secret";

    [Fact]
    public void Tuned_WithNothingSet_PreparesStatements_LimitsThePool_AndSkipsTheReset()
    {
        var tuned = new NpgsqlConnectionStringBuilder(DatabaseSetup.Tuned(Plain));

        Assert.Equal(200, tuned.MaxAutoPrepare);
        Assert.Equal(Math.Max(10, 4 * Environment.ProcessorCount), tuned.MaxPoolSize);
        Assert.True(tuned.NoResetOnClose);
        Assert.Equal("db.example.org", tuned.Host);
        Assert.Equal("secret", tuned.Password);
    }

    [Fact]
    public void Tuned_KeepsWhatTheOperatorSet()
    {
        var tuned = new NpgsqlConnectionStringBuilder(DatabaseSetup.Tuned(Plain + ";Max Auto Prepare=0;maximum pool size=100;No Reset On Close=false"));

        Assert.Equal(0, tuned.MaxAutoPrepare);
        Assert.Equal(100, tuned.MaxPoolSize);
        Assert.False(tuned.NoResetOnClose);
    }
}
