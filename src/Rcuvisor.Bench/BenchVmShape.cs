
namespace Rcuvisor.Bench;

/// <summary>The VM a cell's repeats each built: its vCPU maximum (also its id bound) and the guest its vCPUs ran.</summary>
internal sealed record BenchVmShape(int MaxVcpus, GuestDescription Guest);
