using BriWatch.Api;
using BriWatch.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApiServices();
builder.AddBusAndScheduler();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapApiEndpoints();
app.Run();
