namespace Rcuvisor.Cli.Bench;

/// <summary>The CPU backend the end-to-end sections would run guests on (<c>--backend</c>).</summary>
internal enum BenchBackend
{
    /// <summary>KVM when /dev/kvm opens, else the simulated CPU.</summary>
    Auto,

    /// <summary>The managed simulated CPU.</summary>
    Sim,

    /// <summary>Linux KVM (issue 5: not built yet).</summary>
    Kvm,
}
