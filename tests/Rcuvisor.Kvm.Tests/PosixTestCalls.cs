using System.Runtime.InteropServices;

namespace Rcuvisor.Kvm.Tests;

/// <summary>libc calls only the tests need: a pipe to block a thread in read(2).</summary>
internal static unsafe partial class PosixTestCalls
{
    [LibraryImport("libc.so.6", EntryPoint = "pipe", SetLastError = true)]
    internal static partial int Pipe(int* fds);

    [LibraryImport("libc.so.6", EntryPoint = "read", SetLastError = true)]
    internal static partial nint Read(int fd, byte* buffer, nuint count);

    [LibraryImport("libc.so.6", EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    /// <summary>A pipe's (read end, write end).</summary>
    internal static (int Read, int Write) CreatePipe()
    {
        int* fds = stackalloc int[2];
        // SAFETY: fds points to two ints on this stack frame, what pipe(2) writes.
        Assert.Equal(0, Pipe(fds));
        return (fds[0], fds[1]);
    }

    /// <summary>Blocks in read(2) on an empty pipe; returns its result and errno.</summary>
    internal static (nint Result, int Errno) BlockingRead(int fd)
    {
        byte buffer;
        // SAFETY: &buffer is one byte on this stack frame and we ask read for one byte.
        nint result = Read(fd, &buffer, 1);
        return (result, Marshal.GetLastPInvokeError());
    }
}
