namespace Rcuvisor.Kvm;

/// <summary>/dev/kvm answered KVM_GET_API_VERSION with something other than 12.</summary>
public sealed class KvmApiVersionException : Exception
{
    /// <summary>The only API version KVM has ever had (and this backend speaks).</summary>
    public const int Expected = 12;

    /// <summary>Creates the exception for a device that reported <paramref name="actual"/>.</summary>
    public KvmApiVersionException(string path, int actual)
        : base($"{path} reports KVM API version {actual}; Rcuvisor needs {Expected}")
    {
        Path = path;
        Actual = actual;
    }

    /// <summary>The device opened.</summary>
    public string Path { get; }

    /// <summary>The version it reported.</summary>
    public int Actual { get; }
}
