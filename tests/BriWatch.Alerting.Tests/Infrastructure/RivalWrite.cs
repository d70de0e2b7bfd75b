using System.Reflection;

namespace BriWatch.Alerting.Tests.Infrastructure;

/// <summary>
/// Stages a race at an exact point: a store that passes every call to the real one, and when the named method first
/// completes, lets a rival (another consumer, another dispatcher) write before the caller sees the result.
/// </summary>
internal static class RivalWrite
{
    public static TStore After<TStore>(TStore inner, string methodName, Func<TStore, Task> rival)
        where TStore : class
    {
        var proxy = DispatchProxy.Create<TStore, RivalWriteProxy<TStore>>();
        ((RivalWriteProxy<TStore>)(object)proxy).Wrap(inner, methodName, rival);
        return proxy;
    }
}

/// <remarks>Public and unsealed because DispatchProxy derives a type from it; use <see cref="RivalWrite.After"/>.</remarks>
public class RivalWriteProxy<TStore> : DispatchProxy
    where TStore : class
{
    private static readonly MethodInfo ThenRivalMethod =
        typeof(RivalWriteProxy<TStore>).GetMethod(nameof(ThenRivalAsync), BindingFlags.NonPublic | BindingFlags.Instance)!;

    private TStore inner = null!;
    private string methodName = "";
    private Func<TStore, Task> rival = null!;
    private int calls;

    internal void Wrap(TStore store, string method, Func<TStore, Task> rivalWrite)
    {
        inner = store;
        methodName = method;
        rival = rivalWrite;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var result = targetMethod.Invoke(inner, args);
        if (targetMethod.Name != methodName || Interlocked.Increment(ref calls) != 1)
        {
            return result;
        }

        // The staged methods return Task<T>: continue it with the rival's write, keeping its result type.
        return ThenRivalMethod.MakeGenericMethod(targetMethod.ReturnType.GetGenericArguments()[0]).Invoke(this, [result]);
    }

    private async Task<T> ThenRivalAsync<T>(Task<T> call)
    {
        var result = await call;
        await rival(inner);
        return result;
    }
}
