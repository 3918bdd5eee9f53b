using CbtProgram.Web.Outcomes.Research;

namespace CbtProgram.UnitTests.Outcomes.Research;

public sealed class PseudonymCodeTests
{
    private static readonly byte[] Secret = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
    private static readonly Guid Patient = Guid.Parse("3f2504e0-4f89-11d3-9a0c-0305e82c3301");

    [Fact]
    public void Code_IsTheFirst60BitsOfTheHmac_InCrockfordBase32()
    {
        // Python: hmac.new(bytes(range(32)), b"3f2504e0-4f89-11d3-9a0c-0305e82c3301", sha256) = b7c41583510895c3...;
        // its first 64 bits shifted right by 4, five bits at a time, in 0123456789ABCDEFGHJKMNPQRSTVWXYZ.
        Assert.Equal("PZ21-B0TH-12AW", Pseudonyms.Code(Secret, Patient));
    }

    [Fact]
    public void Code_IsStableForOneSecret_AndDiffersUnderAnother()
    {
        var other = Secret.Select(b => (byte)(b ^ 0x5a)).ToArray();
        Assert.Equal(Pseudonyms.Code(Secret, Patient), Pseudonyms.Code(Secret.ToArray(), Patient));
        Assert.NotEqual(Pseudonyms.Code(Secret, Patient), Pseudonyms.Code(other, Patient));
    }

    [Fact]
    public void Code_NeverHoldsThePatientId_AndTenThousandPatientsGetTenThousandCodes()
    {
        var codes = new HashSet<string>();
        for (var i = 0; i < 10_000; i++)
        {
            var patient = Guid.NewGuid();
            var code = Pseudonyms.Code(Secret, patient);
            Assert.Matches("^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$", code);
            Assert.DoesNotContain(code.Replace("-", "", StringComparison.Ordinal), patient.ToString("N"), StringComparison.OrdinalIgnoreCase);
            codes.Add(code);
        }
        Assert.Equal(10_000, codes.Count);
    }

    [Theory]
    [InlineData("Headache-Study-2027", "headache-study-2027", null)]
    [InlineData("  pilot ", "pilot", null)]
    [InlineData("", null, "Give the export key a name, such as the study's short name.")]
    [InlineData("-leading", null, "An export key's name can hold only letters, digits and hyphens, and must start with a letter or digit.")]
    [InlineData("has space", null, "An export key's name can hold only letters, digits and hyphens, and must start with a letter or digit.")]
    [InlineData("a234567890123456789012345678901234567890x", null, "An export key's name can be at most 40 characters.")]
    public void NormaliseName_KeepsSafeNames_AndSaysWhyOthersAreRefused(string given, string? name, string? error)
    {
        Assert.Equal((name, error), ResearchExportKey.NormaliseName(given));
    }
}
