namespace Rcuvisor.Bench;

/// <summary>Where a bench run reports how far it has got; steps are counted up front (<see cref="BenchPlan"/>).</summary>
internal interface IBenchProgress
{
    /// <summary>A new part of the matrix starts (a section, or a group of cells within one).</summary>
    void BeginPart(string title);

    /// <summary>One step done: a cell calibrated or timed once.</summary>
    void Advance(string label);
}
