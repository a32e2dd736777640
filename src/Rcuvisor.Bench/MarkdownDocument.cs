using System.Text;

namespace Rcuvisor.Bench;

/// <summary>report.md as it is built: headings, paragraphs, bullets, pipe tables and images.</summary>
internal sealed class MarkdownDocument
{
    private readonly StringBuilder _text = new();

    public void Heading(int level, string text) => _text.Append('#', level).Append(' ').AppendLine(text).AppendLine();

    public void Paragraph(string text) => _text.AppendLine(text).AppendLine();

    public void Bullets(IEnumerable<string> items)
    {
        foreach (var item in items)
            _text.Append("- ").AppendLine(item);
        _text.AppendLine();
    }

    public void Code(string text) => _text.Append("    ").AppendLine(text).AppendLine();

    /// <summary>The first column is left-aligned, the others (numbers) right-aligned.</summary>
    public void Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        _text.Append("| ").AppendJoin(" | ", headers).AppendLine(" |");
        _text.Append("|---").Append(string.Concat(Enumerable.Repeat("|---:", headers.Count - 1))).AppendLine("|");
        foreach (var row in rows)
            _text.Append("| ").AppendJoin(" | ", row).AppendLine(" |");
        _text.AppendLine();
    }

    /// <param name="file">Relative to report.md: charts are written beside it.</param>
    public void Image(string alt, string file) => _text.Append("![").Append(alt).Append("](").Append(file).AppendLine(")").AppendLine();

    public override string ToString() => _text.ToString();
}
