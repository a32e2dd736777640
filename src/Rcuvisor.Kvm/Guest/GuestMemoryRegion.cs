namespace Rcuvisor.Kvm.Guest;

/// <summary>Bytes the image places at a guest-physical address; everything outside every region is zero.</summary>
/// <param name="Name">What it holds ("pml4", "gdt", "code", ...), for tests and messages.</param>
/// <param name="Address">Its guest-physical (and, identity-mapped, virtual) address.</param>
/// <param name="Bytes">Its contents.</param>
public sealed record GuestMemoryRegion(string Name, ulong Address, ReadOnlyMemory<byte> Bytes)
{
    /// <summary>The first address past the region.</summary>
    public ulong End => Address + (ulong)Bytes.Length;
}
