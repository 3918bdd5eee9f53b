using CbtProgram.Web.Security;

namespace CbtProgram.UnitTests.Security;

public sealed class CsvCellTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example\",\"x\")", "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"")]
    [InlineData("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1:A2)", "'@SUM(A1:A2)")]
    [InlineData("\t=1+1", "'\t=1+1")]
    [InlineData("\r=1+1", "\"'\r=1+1\"")]
    public void TextThatASpreadsheetWouldRun_IsMadePlainText(string text, string expected) => Assert.Equal(expected, CsvCells.Cell(text));

    [Theory]
    [InlineData("a headache, then rest", "\"a headache, then rest\"")]
    [InlineData("said \"fine\"", "\"said \"\"fine\"\"\"")]
    [InlineData("line\nbreak", "\"line\nbreak\"")]
    [InlineData("plain words", "plain words")]
    [InlineData("", "")]
    public void OtherText_IsQuotedOnlyWhenItMustBe(string text, string expected) => Assert.Equal(expected, CsvCells.Cell(text));

    [Fact]
    public void NumbersAndDates_AreWrittenAsTheyAre()
    {
        Assert.Equal("-3", CsvCells.Cell(-3));
        Assert.Equal("2.5", CsvCells.Cell(2.5));
        Assert.Equal("2027-03-01", CsvCells.Cell(new DateOnly(2027, 3, 1)));
        Assert.Equal("2027-03-01T09:30:00Z", CsvCells.Cell(new DateTimeOffset(2027, 3, 1, 9, 30, 0, TimeSpan.Zero)));
        Assert.Equal("", CsvCells.Cell(null));
    }
}
