namespace Rcuvisor.Kvm.Interop;

/// <summary>The errno values this backend reacts to by name, and a name for any errno.</summary>
internal static class Errno
{
    internal const int EPERM = 1;
    internal const int ENOENT = 2;
    internal const int EINTR = 4;
    internal const int ENXIO = 6;
    internal const int E2BIG = 7;
    internal const int EAGAIN = 11;
    internal const int EACCES = 13;
    internal const int ENODEV = 19;
    internal const int EINVAL = 22;

    /// <summary>The symbolic name of an errno (x86-64 Linux), or "errno N" for one not listed.</summary>
    internal static string Name(int errno) => errno switch
    {
        EPERM => "EPERM",
        ENOENT => "ENOENT",
        3 => "ESRCH",
        EINTR => "EINTR",
        5 => "EIO",
        ENXIO => "ENXIO",
        E2BIG => "E2BIG",
        9 => "EBADF",
        EAGAIN => "EAGAIN",
        12 => "ENOMEM",
        EACCES => "EACCES",
        14 => "EFAULT",
        16 => "EBUSY",
        17 => "EEXIST",
        ENODEV => "ENODEV",
        EINVAL => "EINVAL",
        23 => "ENFILE",
        24 => "EMFILE",
        25 => "ENOTTY",
        28 => "ENOSPC",
        34 => "ERANGE",
        38 => "ENOSYS",
        95 => "EOPNOTSUPP",
        _ => $"errno {errno}",
    };
}
