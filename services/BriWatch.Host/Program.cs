using BriWatch.Host;

return await BriWatchCli.RunAsync(args);
