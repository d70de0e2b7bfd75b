using BriWatch.Crawler;
using BriWatch.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddCrawlerServices();
builder.AddBusAndScheduler();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapCrawlerEndpoints();
app.Run();

/// <summary>Internal (the .NET 10 SDK would make it public), so projects referencing this one see no second public Program.</summary>
internal sealed partial class Program
{
}
