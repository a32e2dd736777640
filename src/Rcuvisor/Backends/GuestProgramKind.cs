namespace Rcuvisor.Backends;

/// <summary>The guest programs every backend runs.</summary>
public enum GuestProgramKind
{
    /// <summary><c>jmp $</c> with interrupts disabled: runs until kicked, never exits by itself.</summary>
    Spin,
    /// <summary><c>sti; hlt</c> in a loop: exits Halt; each interrupt is counted, then it halts again.</summary>
    Halt,
    /// <summary>
    /// With interrupts enabled: a work loop, then an OUT to <see cref="GuestPorts.Doorbell"/>
    /// naming a target vCPU id; repeated, then (if the rings are bounded) the halt loop.
    /// </summary>
    Doorbell,
}
