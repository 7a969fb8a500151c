using System.Text.RegularExpressions;

namespace PhiFineTune.Engine.Tests;

/// <summary>
/// Every "contract X.Y" the repository cites resolves to a heading of docs/contracts/, and every relative link in those
/// pages resolves to a file (docs/contracts/README.md, "How code cites these pages").
/// </summary>
public sealed partial class ContractCitationTests
{
    static readonly string s_root = FindRoot();
    static readonly string s_contracts = Path.Combine(s_root, "docs", "contracts");

    // "contract B.4", "contract B.2, B.8 and C.5", "contract B.2–B.4", "contracts/arm B.6, F.2", "contract H".
    [GeneratedRegex(@"\bcontracts?(?:/arm)? ((?:[A-L](?:\.\d+)?)(?:(?:, | and |–|-| to |/)[A-L](?:\.\d+)?)*)\b")]
    private static partial Regex ArmCitation();

    [GeneratedRegex(@"[A-L](?:\.\d+)?")]
    private static partial Regex ArmId();

    [GeneratedRegex(@"foundry-finetuning contract (\d+)")]
    private static partial Regex FoundryCitation();

    [GeneratedRegex(@"^#{1,4} ([A-L](?:\.\d+)?)[. ]")]
    private static partial Regex ArmHeading();

    [GeneratedRegex(@"^## (\d+)\. ")]
    private static partial Regex FoundryHeading();

    [GeneratedRegex(@"\]\(([^)#\s]+)(#[^)\s]*)?\)")]
    private static partial Regex MarkdownLink();

    [Fact]
    public void Every_citation_resolves_to_a_heading()
    {
        var armHeadings = Headings(ArmHeading(), Directory.GetFiles(s_contracts, "*.md"));
        var foundryHeadings = Headings(FoundryHeading(), [Path.Combine(s_contracts, "foundry-finetuning.md")]);
        Assert.Contains("B.4", armHeadings);
        Assert.Contains("5", foundryHeadings);

        var dangling = new List<string>();
        var checkedCount = 0;
        foreach (var (file, number, line) in SourceLines())
        {
            foreach (Match citation in ArmCitation().Matches(line))
            {
                foreach (Match id in ArmId().Matches(citation.Groups[1].Value))
                {
                    checkedCount++;
                    if (!armHeadings.Contains(id.Value)) dangling.Add($"{file}:{number}: contract {id.Value}");
                }
            }
            foreach (Match citation in FoundryCitation().Matches(line))
            {
                checkedCount++;
                if (!foundryHeadings.Contains(citation.Groups[1].Value))
                    dangling.Add($"{file}:{number}: foundry-finetuning contract {citation.Groups[1].Value}");
            }
        }
        Assert.True(checkedCount > 100, $"only {checkedCount} citations found: is the scan looking in the right place?");
        Assert.True(dangling.Count == 0, "Citations without a heading in docs/contracts/:\n" + string.Join("\n", dangling));
    }

    [Fact]
    public void Every_relative_link_in_the_contract_pages_resolves()
    {
        var broken = new List<string>();
        foreach (var page in Directory.GetFiles(s_contracts, "*.md"))
        {
            var number = 0;
            foreach (var line in File.ReadLines(page))
            {
                number++;
                foreach (Match link in MarkdownLink().Matches(line))
                {
                    var target = link.Groups[1].Value;
                    if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal)) continue;
                    var full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, Uri.UnescapeDataString(target)));
                    if (!File.Exists(full) && !Directory.Exists(full)) broken.Add($"{Relative(page)}:{number}: {target}");
                }
            }
        }
        Assert.True(broken.Count == 0, "Links to nothing:\n" + string.Join("\n", broken));
    }

    static HashSet<string> Headings(Regex pattern, IEnumerable<string> pages) =>
        pages.SelectMany(File.ReadLines).Select(l => pattern.Match(l)).Where(m => m.Success)
            .Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    static IEnumerable<(string File, int Number, string Line)> SourceLines()
    {
        string[] folders = ["src", "tests", "build", "bench", "docs", "module"];
        string[] extensions = [".cs", ".ps1", ".md", ".csproj", ".ps1xml"];
        foreach (var folder in folders)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(s_root, folder), "*", SearchOption.AllDirectories))
            {
                var relative = Relative(file);
                if (!extensions.Contains(Path.GetExtension(file)) || IsBuildOutput(relative)) continue;
                // The foundry-finetuning page numbers its own sections; its "contract" words are not ARM citations.
                if (relative.EndsWith("foundry-finetuning.md", StringComparison.Ordinal)) continue;
                var number = 0;
                foreach (var line in File.ReadLines(file)) yield return (relative, ++number, line);
            }
        }
    }

    static bool IsBuildOutput(string relative) =>
        relative.Split('/').Any(part => part is "bin" or "obj" or "node_modules" or "out");

    static string Relative(string path) => Path.GetRelativePath(s_root, path).Replace('\\', '/');

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PhiFineTune.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("The repository root (PhiFineTune.sln) was not found above " + AppContext.BaseDirectory);
    }
}
