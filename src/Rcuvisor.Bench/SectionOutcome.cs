namespace Rcuvisor.Bench;

/// <summary>What measuring one section produced.</summary>
internal sealed record SectionOutcome(IReadOnlyList<CellResult> Cells, IReadOnlyList<SectionNote> Notes)
{
    public SectionOutcome(IReadOnlyList<CellResult> cells)
        : this(cells, [])
    {
    }
}
