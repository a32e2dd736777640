namespace Rcuvisor.Kvm.Guest;

/// <summary>
/// A position in an <see cref="X86Emitter"/>'s code that jumps may name before it is
/// known: jumps to an unbound label are backpatched when <see cref="X86Emitter.Bind"/> runs.
/// </summary>
public sealed class Label
{
    internal Label(X86Emitter owner, string name)
    {
        Owner = owner;
        Name = name;
    }

    /// <summary>The name given at creation, for error messages.</summary>
    public string Name { get; }

    /// <summary>The offset from the emitter's start, once bound.</summary>
    public int? Offset { get; internal set; }

    /// <summary>Whether <see cref="X86Emitter.Bind"/> has placed it.</summary>
    public bool IsBound => Offset.HasValue;

    internal X86Emitter Owner { get; }

    /// <inheritdoc/>
    public override string ToString() => IsBound ? $"{Name}@{Offset:x}" : $"{Name}(unbound)";
}
