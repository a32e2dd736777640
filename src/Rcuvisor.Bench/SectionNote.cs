namespace Rcuvisor.Bench;

/// <summary>Something a section wants the report to say that is not a number (a skipped baseline, how it was built).</summary>
internal sealed record SectionNote(string Section, string Text);
