using System.Buffers;

namespace Rcuvisor.Execution;

/// <summary>Requests addressed to a set of vCPUs at once (kvm_make_all_cpus_request).</summary>
public static class VcpuBroadcast
{
    /// <summary>
    /// Raises <paramref name="request"/> at every vCPU in <paramref name="vcpus"/> and kicks each;
    /// with <paramref name="wait"/>, then waits until each has consumed it on its own thread
    /// (or left its loop). Two loops, not one (cloud-hypervisor's lesson): all vCPUs leave
    /// guest mode in parallel, so the wait costs the slowest vCPU, not the sum.
    /// </summary>
    /// <returns>False if <paramref name="timeout"/> passed before every acknowledgement.</returns>
    /// <remarks>
    /// A vCPU not yet started consumes the request when it starts, so waiting for one
    /// lasts until then (or the timeout). Must not wait from a vCPU thread. Two requests
    /// whose handlers conflict (Pause, Resume) must be serialised by the caller, each
    /// waited for: coalesced bits are handled in <see cref="VcpuRequest"/> order, not in
    /// the order they were raised.
    /// </remarks>
    public static bool MakeAllVcpusRequest(ReadOnlySpan<Vcpu> vcpus, VcpuRequest request, bool wait, TimeSpan timeout)
    {
        if (wait)
            Vcpu.ThrowIfWaitingOnVcpuThread();
        long deadline = Vcpu.DeadlineAfter(timeout);
        long[] tickets = ArrayPool<long>.Shared.Rent(vcpus.Length); // the control path: allocation is fine, pooling is cheap
        try
        {
            for (int i = 0; i < vcpus.Length; i++)
                tickets[i] = vcpus[i].MakeRequest(request);
            if (!wait)
                return true;
            bool all = true;
            for (int i = 0; i < vcpus.Length; i++)
                all &= vcpus[i].WaitUntil(request, tickets[i], deadline);
            return all;
        }
        finally
        {
            ArrayPool<long>.Shared.Return(tickets);
        }
    }

    /// <summary>Every vCPU out of guest mode and parked: Pause, waited for.</summary>
    public static bool PauseAll(ReadOnlySpan<Vcpu> vcpus, TimeSpan timeout) =>
        MakeAllVcpusRequest(vcpus, VcpuRequest.Pause, wait: true, timeout);

    /// <summary>Every parked vCPU running again: Resume, waited for.</summary>
    public static bool ResumeAll(ReadOnlySpan<Vcpu> vcpus, TimeSpan timeout) =>
        MakeAllVcpusRequest(vcpus, VcpuRequest.Resume, wait: true, timeout);
}
