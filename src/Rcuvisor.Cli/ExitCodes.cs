namespace Rcuvisor.Cli;

/// <summary>The process exit codes every command shares, so scripts and CI can tell failures apart.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The run completed and found a correctness failure (a grace-period violation).</summary>
    public const int Failed = 1;

    /// <summary>The command line was wrong: nothing ran.</summary>
    public const int BadArguments = 2;

    /// <summary>Interrupted (Ctrl+C): 128 + SIGINT, as shells report it.</summary>
    public const int Cancelled = 130;
}
