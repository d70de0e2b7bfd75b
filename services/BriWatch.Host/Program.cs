using BriWatch.Host;

return await BriWatchCli.RunAsync(args);

/// <summary>Internal (the .NET 10 SDK would make it public), so projects referencing this one see no second public Program.</summary>
internal sealed partial class Program
{
}
