namespace Rcuvisor.Kvm.Tests.Guest;

/// <summary>A 64-bit IDT gate's fields, decoded by the test (not by the code under test).</summary>
internal sealed record InterruptGate(ulong Offset, ushort Selector, byte Ist, byte Type, byte Dpl, bool Present);
