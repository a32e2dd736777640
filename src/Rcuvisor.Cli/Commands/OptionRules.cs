using System.CommandLine;

namespace Rcuvisor.Cli.Commands;

/// <summary>
/// Parse-time checks shared by the commands, so a bad value is reported against the
/// option the user typed (and exits 2 before anything runs).
/// </summary>
internal static class OptionRules
{
    /// <summary>Like AcceptOnlyFromAmong, but the error names the option as well as the value.</summary>
    public static void AcceptOnly(Option<string> option, string[] allowed)
    {
        option.CompletionSources.Add(allowed); // also gives help its <rcu|qsbr|...> label
        option.Validators.Add(result =>
        {
            string? value = result.GetValueOrDefault<string>();
            if (!allowed.Contains(value))
                result.AddError($"{option.Name} '{value}' is not allowed: expected one of {string.Join(", ", allowed)}.");
        });
    }

    public static void RequireRange(Option<int> option, int min, int max) =>
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && !int.TryParse(result.Tokens[^1].Value, out _))
                return; // not a number: System.CommandLine reports that itself
            int value = result.GetValueOrDefault<int>();
            if (value < min || value > max)
                result.AddError($"{option.Name} {value} is out of range: allowed {min} to {max}.");
        });
}
