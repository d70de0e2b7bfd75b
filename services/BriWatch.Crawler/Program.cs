using BriWatch.Crawler;
using BriWatch.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddCrawlerServices();
builder.AddBusAndScheduler();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
