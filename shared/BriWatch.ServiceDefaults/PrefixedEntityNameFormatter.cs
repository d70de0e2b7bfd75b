using MassTransit;

namespace BriWatch.ServiceDefaults;

/// <summary>
/// Puts <c>Bus:EndpointPrefix</c> before every message-type exchange name too (<c>staging-BriWatch.Contracts:CrawlSource</c>).
/// Queues are bound to their message types' exchanges, so with shared exchanges a deployment's queues would receive every
/// other deployment's messages on the same virtual host; with prefixed ones each deployment has its own topology.
/// </summary>
public sealed class PrefixedEntityNameFormatter(IEntityNameFormatter inner, string prefix) : IEntityNameFormatter
{
    public string FormatEntityName<T>() => prefix + inner.FormatEntityName<T>();
}
