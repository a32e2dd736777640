namespace Rcuvisor.Kvm.Guest;

/// <summary>The displacement size of a jump to a <see cref="Label"/>.</summary>
public enum JumpWidth
{
    /// <summary>
    /// rel8 when the label is already bound and within reach, else rel32: a forward jump's
    /// distance is unknown when it is emitted, so it takes the form that always fits.
    /// </summary>
    Auto,
    /// <summary>rel8 (2 bytes for jmp/jcc); binding the label out of reach throws.</summary>
    Short,
    /// <summary>rel32 (5 bytes for jmp, 6 for jcc).</summary>
    Near,
}
