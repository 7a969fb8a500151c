namespace PhiFineTune.Emulator.Tests;

/// <summary>
/// docs/contracts/emulator-choices.md, table "In the emulator's code": one row per line of src/PhiFineTune.Emulator/**.cs
/// that carries the label "Emulator choice", with its file, line and text (the comment marker stripped), in file and
/// line order. build/Update-EmulatorChoices.ps1 regenerates the table: it runs this test with
/// <see cref="UpdateVariable"/>=1, which makes the test write the table instead of comparing it.
/// </summary>
public sealed class EmulatorChoicesTableTests
{
    public const string UpdateVariable = "PHIFINETUNE_UPDATE_EMULATOR_CHOICES";
    private const string Label = "Emulator choice";
    private const string Heading = "## In the emulator's code";
    private const string TableHeader = "| File | Line | The comment |";

    private static readonly string Root = FindRoot();
    private static readonly string Page = Path.Combine(Root, "docs", "contracts", "emulator-choices.md");

    [Fact]
    public void The_code_table_lists_every_Emulator_choice_label_at_its_line()
    {
        var expected = CodeRows();
        Assert.True(expected.Count > 50, $"only {expected.Count} labels found: is the scan looking in the right place?");
        var lines = File.ReadAllLines(Page).ToList();
        var (start, count) = TableRows(lines);

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            lines.RemoveRange(start, count);
            lines.InsertRange(start, expected);
            File.WriteAllText(Page, string.Join("\n", lines) + "\n");
            return;
        }

        var actual = lines.GetRange(start, count);
        var missing = expected.Except(actual).ToList();
        var stale = actual.Except(expected).ToList();
        Assert.True(missing.Count == 0 && stale.Count == 0 && expected.SequenceEqual(actual),
            "docs/contracts/emulator-choices.md (\"In the emulator's code\") differs from the code; run build/Update-EmulatorChoices.ps1.\n" +
            "Missing rows:\n" + string.Join("\n", missing) + "\nStale rows:\n" + string.Join("\n", stale));
    }

    /// <summary>The rows the code gives, in ordinal path order, then line order.</summary>
    private static List<string> CodeRows()
    {
        var source = Path.Combine(Root, "src", "PhiFineTune.Emulator");
        var rows = new List<string>();
        var files = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var text = File.ReadAllLines(Path.Combine(Root, file));
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i].Contains(Label, StringComparison.Ordinal))
                {
                    var comment = text[i].Trim().TrimStart('/').Trim().Replace("|", "\\|", StringComparison.Ordinal);
                    rows.Add($"| `{file}` | {i + 1} | {comment} |");
                }
            }
        }
        return rows;
    }

    /// <summary>Where the rows of the table under <see cref="Heading"/> are: the index of the first and how many.</summary>
    private static (int Start, int Count) TableRows(List<string> lines)
    {
        var heading = lines.IndexOf(Heading);
        Assert.True(heading >= 0, $"docs/contracts/emulator-choices.md has no heading \"{Heading}\"");
        var header = lines.FindIndex(heading, l => l == TableHeader);
        Assert.True(header > heading && lines[header + 1].StartsWith("|---", StringComparison.Ordinal),
            $"no table \"{TableHeader}\" under \"{Heading}\"");
        var start = header + 2;
        var end = start;
        while (end < lines.Count && lines[end].StartsWith('|'))
        {
            end++;
        }
        return (start, end - start);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PhiFineTune.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("PhiFineTune.sln not found above " + AppContext.BaseDirectory);
    }
}
