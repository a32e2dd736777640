namespace Rcuvisor.Models.Tests;

/// <summary>
/// Model-checks models/cached_move.pml, models/requests.pml and models/qsbr_wait.pml with Spin, exhaustively:
/// the protocols as built verify with no error, every mutant (a way the C# could be
/// wrong) is rejected for the property it breaks, and a finding about the code as built
/// stays shown. Skips only when spin or cc is missing.
/// </summary>
public sealed class ModelCheckingTests(ITestOutputHelper output)
{
    public static TheoryData<string> Verified => [.. ModelCases.All.Where(c => !c.Value.ExpectsError).Select(c => c.Key)];

    public static TheoryData<string> Violations => [.. ModelCases.All.Where(c => c.Value.ExpectsError).Select(c => c.Key)];

    [Theory]
    [MemberData(nameof(Verified))]
    public void The_protocol_as_built_verifies(string name)
    {
        var result = Check(name);
        Assert.True(result.Errors == 0, $"{name}: {result.Summary}\n{result.Output}");
    }

    [Theory]
    [MemberData(nameof(Violations))]
    public void Spin_reports_the_expected_violation(string name)
    {
        var result = Check(name);
        Assert.True(result.Errors >= 1, $"{name} was not rejected: {result.Summary}");
        string expected = ModelCases.All[name].ExpectedProperty!;
        Assert.True(result.Violation?.Contains(expected, StringComparison.Ordinal) == true,
            $"{name}: expected a violation of {expected}, pan reported: {result.Violation}");
    }

    [Fact]
    public void Every_model_and_mutant_shipped_is_exercised()
    {
        // A mutant added to a .pml file but not to ModelCases would never be checked.
        foreach (var model in new[] { "cached_move.pml", "requests.pml", "qsbr_wait.pml" })
        {
            string text = File.ReadAllText(SpinVerifier.ModelPath(model));
            var macros = System.Text.RegularExpressions.Regex.Matches(text, @"\b(?:MUTANT|VARIANT)_[A-Z0-9_]+")
                .Select(m => m.Value).Distinct();
            foreach (var macro in macros)
                Assert.Contains(ModelCases.All.Values, c => c.Model == model && c.Defines.Contains(macro));
        }
    }

    private SpinResult Check(string name)
    {
        if (SpinVerifier.MissingTool() is { } missing)
            Assert.Skip(missing);
        var c = ModelCases.All[name];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = SpinVerifier.Verify(c.Model, c.Defines, c.Liveness, c.HashBits);
        string defines = c.Defines.Length == 0 ? "" : " -D" + string.Join(" -D", c.Defines);
        output.WriteLine($"{c.Model}{defines}{(c.Liveness ? " LIVENESS, pan -a -f -A" : ", pan -DSAFETY")}: {result.Summary}; {clock.Elapsed.TotalSeconds:0.0} s with spin and cc");
        return result;
    }
}
