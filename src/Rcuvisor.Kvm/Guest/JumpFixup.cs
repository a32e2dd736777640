namespace Rcuvisor.Kvm.Guest;

/// <summary>A jump whose displacement waits for its label: where to write it, and where the instruction ends (what it is relative to).</summary>
internal readonly record struct JumpFixup(Label Target, int DisplacementOffset, int InstructionEnd, bool IsShort);
