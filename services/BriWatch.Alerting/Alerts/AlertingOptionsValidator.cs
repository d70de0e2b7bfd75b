using Microsoft.Extensions.Options;

namespace BriWatch.Alerting.Alerts;

/// <summary>Runs <see cref="AlertingOptions.Validate"/> for the options system, so each broken rule is named at start-up.</summary>
internal sealed class AlertingOptionsValidator : IValidateOptions<AlertingOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
