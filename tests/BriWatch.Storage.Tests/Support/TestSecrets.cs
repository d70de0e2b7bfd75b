using BriWatch.Storage.Subscriptions;
using Microsoft.AspNetCore.DataProtection;

namespace BriWatch.Storage.Tests.Support;

internal static class TestSecrets
{
    /// <summary>A protector over a key ring that lives only in this process, as each test's stores share it.</summary>
    public static WebhookSecretProtector Protector { get; } = new(new EphemeralDataProtectionProvider());

    /// <summary>Another key ring: what it encrypted <see cref="Protector"/> cannot decrypt, as after a lost key ring.</summary>
    public static WebhookSecretProtector OtherKeyRing() => new(new EphemeralDataProtectionProvider());
}
