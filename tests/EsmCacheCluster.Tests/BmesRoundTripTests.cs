using System.Text;
using CsCheck;
using EsmCacheCluster.Format;
using EsmCacheCluster.Generation;

namespace EsmCacheCluster.Tests;

public sealed class BmesRoundTripTests
{
    [Fact]
    public void Arbitrary_records_round_trip_exactly()
    {
        RecordGen.Record.Sample(record =>
        {
            var blob = Bmes.Serialize(record);
            Assert.True(Bmes.Validate(blob).IsValid, Bmes.Validate(blob).ToString());
            RecordAssert.Equal(record, Bmes.Deserialize(blob));
        }, iter: 2000);
    }

    [Fact]
    public void Syntax_error_records_round_trip_exactly()
    {
        RecordGen.SyntaxErrorRecord.Sample(record => RecordAssert.Equal(record, Bmes.Deserialize(Bmes.Serialize(record))), iter: 500);
    }

    [Fact]
    public void Every_javascript_string_round_trips_including_lone_surrogates()
    {
        RecordGen.JsString.Sample(s =>
        {
            var record = new ModuleRecord
            {
                SourceHash = default,
                SourceLength = 0,
                AnalyzerVersion = s,
                RequestedModules = [new ModuleRequest(s)],
            };
            var back = Bmes.Deserialize(Bmes.Serialize(record));
            Assert.Equal(s, back.AnalyzerVersion, StringComparer.Ordinal);
            Assert.Equal(s, back.RequestedModules[0].Specifier, StringComparer.Ordinal);
        }, iter: 5000);
    }

    // Not [InlineData]: xunit serializes theory data through UTF-8 and would hand the test U+FFFD instead.
    [Fact]
    public void Strings_that_plain_UTF8_would_corrupt_survive()
    {
        foreach (var value in (string[])["\uD800", "\uDFFF", "a\uDC00\uD800b", "\uD83D\uDE00\uD83D"])
        {
            Survives(value);
        }
    }

    private static void Survives(string value)
    {
        Assert.False(string.Equals(value, Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(value)), StringComparison.Ordinal));
        var record = new ModuleRecord { SourceHash = default, SourceLength = 0, AnalyzerVersion = "v", RequestedModules = [new ModuleRequest(value)] };
        Assert.Equal(value, Bmes.Deserialize(Bmes.Serialize(record)).RequestedModules[0].Specifier, StringComparer.Ordinal);
    }

    [Fact]
    public void Deserialized_bytecode_is_a_slice_of_the_blob_not_a_copy()
    {
        var record = new ModuleRecord
        {
            SourceHash = default,
            SourceLength = 1,
            AnalyzerVersion = "v",
            BytecodeProducer = "p",
            Bytecode = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray(),
        };
        var blob = Bmes.Serialize(record);
        var back = Bmes.Deserialize(blob);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(back.Bytecode, out var segment));
        Assert.Same(blob, segment.Array);
    }

    [Fact]
    public void Generated_blobs_of_real_modules_round_trip()
    {
        using var generator = new ModuleGenerator();
        foreach (var file in RealModules.Files.Take(40))
        {
            var generated = generator.Generate(file, File.ReadAllBytes(file));
            RecordAssert.Equal(generated.Record, Bmes.Deserialize(generated.Blob));
        }
    }

    [Fact]
    public void The_writer_refuses_records_the_reader_would_reject()
    {
        var unsorted = new ModuleRecord
        {
            SourceHash = default, SourceLength = 0, AnalyzerVersion = "v",
            RequestedModules = [new ModuleRequest("m", [new ImportAttribute("z", "1"), new ImportAttribute("a", "2")])],
        };
        Assert.Throws<ArgumentException>(() => Bmes.Serialize(unsorted));

        var badIndex = new ModuleRecord { SourceHash = default, SourceLength = 0, AnalyzerVersion = "v", StarExportEntries = [new StarExportEntry(0)] };
        Assert.Throws<ArgumentException>(() => Bmes.Serialize(badIndex));
    }
}
