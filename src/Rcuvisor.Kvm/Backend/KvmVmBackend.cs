using Rcuvisor.Backends;
using Rcuvisor.Kvm.Guest;

namespace Rcuvisor.Kvm.Backend;

/// <summary>
/// A KVM VM: its fd, guest memory (anonymous mmap, slot 0 at guest-physical 0) holding the
/// guest image, and the vCPUs. KVM cannot destroy a vCPU before its VM, so an unplugged
/// vCPU's fd and <c>kvm_run</c> mapping are parked here and reused when its id is plugged
/// again, as QEMU does; <see cref="Dispose"/> releases them all.
/// </summary>
public sealed class KvmVmBackend : IVmBackend
{
    /// <summary>Where KVM puts its three-page TSS on Intel hosts (below 4 GiB, outside guest memory).</summary>
    private const uint TssAddress = 0xFFFB_D000;

    private readonly KvmVmFd _vm;
    private readonly GuestMemoryMapping _memory;
    private readonly Dictionary<int, KvmVcpuFd> _parked = []; // lock (_parked)
    private readonly HashSet<int> _live = [];                  // lock (_parked)
    private int _reused;

    internal KvmVmBackend(KvmSystem kvm, GuestImage image)
    {
        Image = image;
        _memory = new GuestMemoryMapping(image.MemorySize);
        try
        {
            image.WriteTo(_memory.Span);
            _vm = kvm.CreateVm();
            _vm.SetTssAddress(TssAddress);
            _vm.SetUserMemoryRegion(0, 0, _memory);
        }
        catch
        {
            _vm?.Dispose();
            _memory.Dispose();
            throw;
        }
    }

    public GuestProgram Program => Image.Program ?? GuestProgram.Halt();

    /// <summary>The image every vCPU runs.</summary>
    public GuestImage Image { get; }

    /// <summary>vCPU fds kept since their unplug, waiting for their id to return.</summary>
    public int ParkedVcpus
    {
        get
        {
            lock (_parked)
                return _parked.Count;
        }
    }

    /// <summary>Plugs that reused a parked fd instead of creating one.</summary>
    public int ReusedVcpus => Volatile.Read(ref _reused);

    public IVcpuBackend CreateVcpu(int id)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(id);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(id, Image.MaxVcpuId);
        KvmVcpuFd fd;
        lock (_parked)
        {
            if (!_live.Add(id))
                throw new InvalidOperationException($"KVM vCPU {id} is already plugged into this VM.");
            if (_parked.Remove(id, out var parked))
            {
                fd = parked;
                _reused++;
            }
            else
            {
                try
                {
                    fd = _vm.CreateVcpu(id);
                }
                catch
                {
                    _live.Remove(id);
                    throw;
                }
            }
        }
        var vcpu = new KvmVcpuBackend(this, fd);
        vcpu.Reset(Image);
        return vcpu;
    }

    public long GuestInterruptCount(int id)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(id);
        if (id > Image.MaxVcpuId)
            return 0;
        return (long)_memory.ReadUInt64Volatile(Image.CounterAddress(id));
    }

    /// <summary>A vCPU's backend is done with its fd (its thread has ended): keep it for the id's return.</summary>
    internal void Park(KvmVcpuFd fd)
    {
        lock (_parked)
        {
            _live.Remove(fd.Id);
            _parked[fd.Id] = fd;
        }
    }

    /// <summary>Closes every parked vCPU fd, then the VM fd, then unmaps guest memory. After every vCPU backend is disposed.</summary>
    public void Dispose()
    {
        lock (_parked)
        {
            foreach (var fd in _parked.Values)
                fd.Dispose();
            _parked.Clear();
        }
        _vm.Dispose();
        _memory.Dispose();
    }
}
