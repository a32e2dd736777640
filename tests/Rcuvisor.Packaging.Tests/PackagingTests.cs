using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Rcuvisor.Packaging.Tests;

/// <summary>
/// PACKAGING, end to end, as a user outside this repository meets it: packs the four
/// packable projects into a temporary folder, builds and runs a console app against
/// Rcuvisor.Rcu from that folder alone (its README's example, verbatim), and installs the
/// rcuvisor tool from it. No network: every restore's sources are local folders
/// (<c>&lt;clear/&gt;</c> first), and nothing is written to the global packages folder.
/// About a minute; it skips, saying why, only when <c>dotnet</c> itself cannot run.
/// </summary>
[Trait("Category", "Packaging")]
public sealed partial class PackagingTests(ITestOutputHelper output) : IDisposable
{
    private const string Version = "0.1.0-test";

    private static readonly string[] Packable =
    [
        "src/Rcuvisor.Rcu/Rcuvisor.Rcu.csproj",
        "src/Rcuvisor/Rcuvisor.csproj",
        "src/Rcuvisor.Kvm/Rcuvisor.Kvm.csproj",
        "src/Rcuvisor.Cli/Rcuvisor.Cli.csproj",
    ];

    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("rcuvisor-packaging-");

    [Fact]
    public void Packages_restore_build_and_run_from_a_local_folder_alone()
    {
        string repo = FindRepositoryRoot();
        var probe = Dotnet.Run(Dotnet.Executable, ["--version"], repo, timeout: TimeSpan.FromMinutes(1));
        Assert.SkipWhen(probe.ExitCode != 0, $"dotnet cannot run here, so nothing can be packed: {probe}");

        string feed = Pack(repo);
        CheckRcuPackage(Path.Combine(feed, $"Rcuvisor.Rcu.{Version}.nupkg"));
        RunReadmeExample(repo, feed);
        InstallAndRunTool(feed);
    }

    /// <summary>Packs the packable projects (the Debug build the test run made, so nothing recompiles) into a fresh folder.</summary>
    private string Pack(string repo)
    {
        string feed = Path.Combine(_temp.FullName, "feed");
        // A solution filter: one dotnet pack for the four, instead of four evaluations.
        string filter = Path.Combine(_temp.FullName, "packable.slnf");
        File.WriteAllText(filter, $$"""
            { "solution": { "path": "{{Path.Combine(repo, "Rcuvisor.sln")}}",
              "projects": [ {{string.Join(", ", Packable.Select(p => $"\"{p}\""))}} ] } }
            """);
        // PackageVersion, not Version: the assemblies keep their version, so the build is a no-op.
        var pack = Step(Dotnet.Executable, ["pack", filter, "-c", "Debug", "-o", feed, $"-p:PackageVersion={Version}"], repo);
        Assert.True(pack.ExitCode == 0, pack.ToString());
        // SourceLink, docs, readmes: a clean pack warns about nothing, even without a git remote.
        Assert.False(WarningLine().IsMatch(pack.Output), $"the pack warned:\n{pack}");
        foreach (var id in new[] { "Rcuvisor.Rcu", "Rcuvisor", "Rcuvisor.Kvm", "Rcuvisor.Cli" })
            Assert.True(File.Exists(Path.Combine(feed, $"{id}.{Version}.nupkg")), $"no {id} package in {feed}");
        Assert.Equal(4, Directory.GetFiles(feed, "*.nupkg").Length); // tests, bench, the torture harness: not packed
        return feed;
    }

    /// <summary>The library package carries what a .NET engineer checks before trusting it, and no test harness.</summary>
    private void CheckRcuPackage(string nupkg)
    {
        using var zip = ZipFile.OpenRead(nupkg);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
        Assert.Contains("README.md", entries);
        Assert.Contains("lib/net10.0/Rcuvisor.Rcu.dll", entries);
        Assert.Contains("lib/net10.0/Rcuvisor.Rcu.xml", entries); // XML docs for IntelliSense

        using (var stream = zip.GetEntry("Rcuvisor.Rcu.nuspec")!.Open())
        {
            var metadata = XDocument.Load(stream).Root!.Elements().First(e => e.Name.LocalName == "metadata");
            string? Field(string name) => metadata.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
            Assert.Equal("Rcuvisor.Rcu", Field("id"));
            Assert.Equal(Version, Field("version"));
            Assert.Equal("Rcuvisor contributors", Field("authors"));
            Assert.Equal("MIT", Field("license"));
            Assert.Equal("README.md", Field("readme"));
            Assert.False(string.IsNullOrWhiteSpace(Field("description")));
            Assert.Contains("rcu", Field("tags") ?? "", StringComparison.Ordinal);
            var repository = metadata.Elements().FirstOrDefault(e => e.Name.LocalName == "repository");
            Assert.Equal("git", repository?.Attribute("type")?.Value);
            Assert.DoesNotContain(metadata.Descendants(), e => e.Name.LocalName == "dependency"); // nothing from nuget.org
        }

        using var dll = new MemoryStream();
        using (var stream = zip.GetEntry("lib/net10.0/Rcuvisor.Rcu.dll")!.Open())
            stream.CopyTo(dll);
        dll.Position = 0;
        using var pe = new PEReader(dll);
        var reader = pe.GetMetadataReader();
        var namespaces = reader.TypeDefinitions.Select(t => reader.GetString(reader.GetTypeDefinition(t).Namespace)).ToHashSet();
        Assert.DoesNotContain("Rcuvisor.Rcu.Torture", namespaces);
        Assert.Contains("Rcuvisor.Rcu", namespaces);
    }

    /// <summary>Builds the Rcuvisor.Rcu README's example, exactly as printed there, against the packed package, and runs it.</summary>
    private void RunReadmeExample(string repo, string feed)
    {
        string readme = File.ReadAllText(Path.Combine(repo, "src/Rcuvisor.Rcu/README.md"));
        var example = CSharpBlock().Match(readme);
        Assert.True(example.Success, "src/Rcuvisor.Rcu/README.md has no ```csharp example");

        string app = Directory.CreateDirectory(Path.Combine(_temp.FullName, "consumer")).FullName;
        string packages = Path.Combine(_temp.FullName, "consumer-packages");
        File.WriteAllText(Path.Combine(app, "Program.cs"), example.Groups[1].Value);
        File.WriteAllText(Path.Combine(app, "nuget.config"), NuGetConfig(feed));
        File.WriteAllText(Path.Combine(app, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <RestorePackagesPath>{packages}</RestorePackagesPath>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Rcuvisor.Rcu" Version="{Version}" />
              </ItemGroup>
            </Project>
            """);

        var run = Step(Dotnet.Executable, ["run"], app, new Dictionary<string, string> { ["NUGET_PACKAGES"] = packages });
        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(
            lines.SequenceEqual(["api -> 10.0.0.1", "old routes reclaimed", "api -> 10.0.0.2"]),
            $"the README says the example prints three lines in that order:\n{run}");
        // The package alone was restored, into the test's own folder: nothing else was needed.
        Assert.Equal(["rcuvisor.rcu"], Directory.GetDirectories(packages).Select(Path.GetFileName));
    }

    /// <summary>
    /// Installs the tool from the folder. Its own dependencies (System.CommandLine, Spectre,
    /// ScottPlot) come from nuget.org, so the global packages folder, where the repository's
    /// restore put them, is the second local source: read, never written (NUGET_PACKAGES is
    /// the test's own, so a stale Rcuvisor.Cli of the same version cannot be picked up).
    /// </summary>
    private void InstallAndRunTool(string feed)
    {
        string globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } set
            ? set
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string config = Path.Combine(_temp.FullName, "tool-nuget.config");
        File.WriteAllText(config, NuGetConfig(feed, globalPackages));
        string tools = Path.Combine(_temp.FullName, "tools");
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_temp.FullName, "tool-packages") };

        var install = Step(
            Dotnet.Executable,
            ["tool", "install", "--tool-path", tools, "--configfile", config, "Rcuvisor.Cli", "--version", Version],
            _temp.FullName, environment);
        Assert.True(install.ExitCode == 0, install.ToString());

        string rcuvisor = Path.Combine(tools, OperatingSystem.IsWindows() ? "rcuvisor.exe" : "rcuvisor");
        var help = Step(rcuvisor, ["--help"], _temp.FullName);
        Assert.True(help.ExitCode == 0, help.ToString());
        Assert.Matches(@"Usage:\s+rcuvisor \[command\] \[options\]", help.Output);
        Assert.DoesNotContain("Rcuvisor.Cli", help.Output);

        // bench's harness is its own, unpacked project: the tool must carry its assembly.
        var benchHelp = Step(rcuvisor, ["bench", "--help"], _temp.FullName);
        Assert.True(benchHelp.ExitCode == 0, benchHelp.ToString());
        Assert.Contains("--quick", benchHelp.Output);
        Assert.NotEmpty(Directory.GetFiles(tools, "Rcuvisor.Bench.dll", SearchOption.AllDirectories));

        var bad = Step(rcuvisor, ["no-such-command"], _temp.FullName);
        Assert.True(bad.ExitCode == 2, bad.ToString());
        Assert.Contains("Run 'rcuvisor --help' for usage.", bad.Output);
    }

    private DotnetResult Step(string fileName, string[] args, string directory, Dictionary<string, string>? environment = null)
    {
        var result = Dotnet.Run(fileName, args, directory, environment);
        output.WriteLine($"{result.Elapsed.TotalSeconds,5:0.0} s  {result.Command}");
        return result;
    }

    /// <summary>Only the given local folders: <c>&lt;clear/&gt;</c> drops nuget.org and any user or machine source.</summary>
    private static string NuGetConfig(params string[] sources) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
        {string.Concat(sources.Select((s, i) => $"    <add key=\"local{i}\" value=\"{s}\" />\n"))}  </packageSources>
        </configuration>
        """;

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Rcuvisor.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No Rcuvisor.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [GeneratedRegex(@"(?m)^.*:\s+warning\s+[A-Z]+\d+")]
    private static partial Regex WarningLine();

    public void Dispose()
    {
        try
        {
            _temp.Delete(recursive: true);
        }
        catch (IOException)
        {
            // a build server still holding a file: the OS cleans the temp folder
        }
    }
}
