using CbtProgram.Web.Outcomes.Statistics;
using static CbtProgram.UnitTests.Outcomes.ReferenceCsv;

namespace CbtProgram.UnitTests.Outcomes;

/// <summary>Every statistic against the reference tables (tiny groups, ties, no spread, thresholds at their edges).</summary>
public sealed class StatisticsReferenceTests
{
    [Fact]
    public void ReliableChange_MatchesReference()
    {
        foreach (var row in Rows("reliable-change.csv"))
        {
            var (pre, post, sd, r) = (Number(row["pre"])!.Value, Number(row["post"])!.Value, Number(row["sd"])!.Value, Number(row["reliability"])!.Value);
            var what = $"{pre}->{post} (SD {sd}, r {r})";
            Near(Number(row["sediff"]), ReliableChange.StandardErrorOfDifference(sd, r), what + " SEdiff");
            var rci = ReliableChange.Index(pre, post, sd, r);
            Near(Number(row["rci"]), rci, what + " RCI");
            Assert.Equal(bool.Parse(row["reliable"]), ReliableChange.IsReliable(rci!.Value));
        }
    }

    [Fact]
    public void Wilson_MatchesReference()
    {
        foreach (var row in Rows("wilson.csv"))
        {
            var rate = GroupStatistics.Wilson(int.Parse(row["count"]), int.Parse(row["denominator"]));
            var what = $"{row["count"]}/{row["denominator"]}";
            Near(Number(row["proportion"]), rate.Proportion, what + " p");
            Near(Number(row["low"]), rate.Low, what + " low");
            Near(Number(row["high"]), rate.High, what + " high");
        }
    }

    [Fact]
    public void MeanAndSd_MatchReference()
    {
        foreach (var row in Rows("mean-sd.csv"))
        {
            var values = Numbers(row["values"]);
            Near(Number(row["mean"]), GroupStatistics.Mean(values), row["values"] + " mean");
            Near(Number(row["sd"]), GroupStatistics.StandardDeviation(values), row["values"] + " SD");
        }
    }

    [Fact]
    public void WithinGroupEffectSize_MatchesReference()
    {
        foreach (var row in Rows("within-group.csv"))
        {
            var pairs = Numbers(row["pre"]).Zip(Numbers(row["post"])).ToList();
            var effect = GroupStatistics.WithinGroup(pairs);
            var what = row["case"];
            Assert.Equal(int.Parse(row["n"]), effect.N);
            Near(Number(row["d"]), effect.CohensD, what + " d");
            Near(Number(row["d_low"]), effect.CohensDLow, what + " d low");
            Near(Number(row["d_high"]), effect.CohensDHigh, what + " d high");
            Near(Number(row["g"]), effect.HedgesG, what + " g");
            Near(Number(row["g_low"]), effect.HedgesGLow, what + " g low");
            Near(Number(row["g_high"]), effect.HedgesGHigh, what + " g high");
        }
    }

    [Fact]
    public void ReliableChange_ExactlyAtTheCriticalValue_IsNotReliable()
    {
        Assert.False(ReliableChange.IsReliable(1.96));
        Assert.False(ReliableChange.IsReliable(-1.96));
        Assert.True(ReliableChange.IsReliable(1.9600001));
        Assert.Null(ReliableChange.Index(null, 10, 5, 0.9));
        Assert.Null(ReliableChange.Index(10, null, 5, 0.9));
    }

    [Fact]
    public void CriterionC_WeightsTheMeansBySpread()
    {
        // Clinical 20 ± 5, functional 4 ± 3: (5·4 + 3·20) / 8 = 10.
        Assert.Equal(10, ReliableChange.CriterionC(20, 5, 4, 3), 9);
    }

    [Fact]
    public void Wilson_CountAboveDenominator_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => GroupStatistics.Wilson(3, 2));

    [Fact]
    public void RateOf_LeavesUnknownsOutOfTheDenominator()
    {
        var rate = GroupStatistics.RateOf([true, false, null, true, null]);
        Assert.Equal((2, 3), (rate.Count, rate.Denominator));
    }
}
