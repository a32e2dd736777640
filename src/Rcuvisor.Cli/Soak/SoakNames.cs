using Rcuvisor.Workloads;

namespace Rcuvisor.Cli.Soak;

/// <summary>The command line's names for soak operations, as the summary and the JSON show them.</summary>
internal static class SoakNames
{
    public static string Of(SoakOperationKind kind) => kind switch
    {
        SoakOperationKind.IrqStorm => "irq-storm",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
