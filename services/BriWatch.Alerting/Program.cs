using BriWatch.Alerting;
using BriWatch.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddAlertingServices();
builder.AddBusAndScheduler();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
