using Rcuvisor.Backends;

namespace Rcuvisor.Bench;

/// <summary>
/// A guest program as fields a script can read (the JSON documents' <c>guest</c>), rather
/// than a sentence: its kind (doorbell, halt, spin), the doorbell's work-loop iterations per
/// ring, its rings per vCPU (0: forever) and the ids it rings in turn.
/// </summary>
internal sealed record GuestDescription(string Kind, int WorkIterations, long Rings, IReadOnlyList<int> Targets)
{
    public static GuestDescription From(GuestProgram guest) =>
        new(guest.Kind.ToString().ToLowerInvariant(), guest.WorkIterations, guest.Rings, guest.Targets);

    /// <summary>The same, in words, for the text output.</summary>
    public string Describe() =>
        Kind == "doorbell"
            ? $"doorbell (work {WorkIterations}, ringing ids {Targets[0]}..{Targets[^1]}{(Rings == 0 ? "" : $", {Rings} rings each")})"
            : Kind;
}
