namespace Rcuvisor.Bench;

/// <summary>The CPU backend the end-to-end and slow-path sections run guests on (<c>--backend</c>; resolved by the CLI).</summary>
internal enum BenchBackend
{
    /// <summary>KVM when /dev/kvm opens, else the simulated CPU.</summary>
    Auto,

    /// <summary>The managed simulated CPU.</summary>
    Sim,

    /// <summary>Linux KVM; refused, saying why, where /dev/kvm does not open.</summary>
    Kvm,
}
