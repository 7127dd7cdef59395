using System.Text;
using EsmCacheCluster.Generation;
using Xunit.Abstractions;

namespace EsmCacheCluster.Tests;

/// <summary>
/// The official ECMAScript module conformance tests (tests/test262): every positive module test and fixture
/// parses, every parse-phase negative is rejected. Tests of proposals the analyser does not enable are listed.
/// </summary>
public sealed class Test262Tests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> ModuleCases() =>
        Test262Case.All
            .Where(c => c.Expectation != Test262Expectation.NotAModule && c.UnsupportedFeature is null)
            .Select(c => new object[] { c.RelativePath });

    [Theory]
    [MemberData(nameof(ModuleCases))]
    public void Module_test(string relativePath)
    {
        var test = Test262Case.All.Single(c => c.RelativePath == relativePath);
        var record = ModuleGenerator.Analyze(File.ReadAllBytes(Path.Combine(RepoPaths.Test262, "test", relativePath)));
        if (test.Expectation == Test262Expectation.Rejected)
        {
            Assert.True(record.SyntaxError is not null, $"{relativePath} is a parse-phase negative test but was accepted");
        }
        else
        {
            Assert.True(record.SyntaxError is null, $"{relativePath} must parse as a module: {record.SyntaxError}");
        }
    }

    [Fact]
    public void Summary()
    {
        var all = Test262Case.All;
        var unsupported = all.Where(c => c.Expectation != Test262Expectation.NotAModule && c.UnsupportedFeature is not null).ToList();
        int positive = all.Count(c => c.Expectation == Test262Expectation.Parses && c.UnsupportedFeature is null);
        int negative = all.Count(c => c.Expectation == Test262Expectation.Rejected && c.UnsupportedFeature is null);
        int scripts = all.Count(c => c.Expectation == Test262Expectation.NotAModule);

        var text = new StringBuilder();
        text.AppendLine($"test262 modules: {positive} must parse (tests + fixtures), {negative} must be rejected (parse-phase negatives and fixtures broken by design), " +
                        $"{unsupported.Count} unsupported proposal tests not run, {scripts} non-module files not applicable");
        foreach (var group in unsupported.GroupBy(c => c.UnsupportedFeature))
        {
            text.AppendLine($"unsupported proposal '{group.Key}' ({group.Count()}):");
            foreach (var c in group)
            {
                text.AppendLine($"  {c.RelativePath}");
            }
        }

        output.WriteLine(text.ToString());
        Directory.CreateDirectory(Path.Combine(RepoPaths.Root, "artifacts"));
        File.WriteAllText(Path.Combine(RepoPaths.Root, "artifacts", "test262-summary.txt"), text.ToString());

        Assert.True(positive > 400, $"only {positive} positive module cases found");
        Assert.True(negative > 150, $"only {negative} negative module cases found");
    }
}
