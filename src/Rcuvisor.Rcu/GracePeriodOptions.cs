namespace Rcuvisor.Rcu;

/// <summary>Options shared by every grace-period domain.</summary>
public sealed record GracePeriodOptions
{
    /// <summary>Poison retired <see cref="IPoisonable"/> objects before disposing them.</summary>
    public bool Checked { get; init; }

    /// <summary>Name used in the deferred worker's thread name and in messages.</summary>
    public string Name { get; init; } = "domain";

    /// <summary>Unchecked, named "domain".</summary>
    public static GracePeriodOptions Default { get; } = new();
}
