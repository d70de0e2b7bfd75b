using BriWatch.Alerting;
using BriWatch.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddAlertingServices();
builder.AddBusAndScheduler();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapAlertingEndpoints();
app.Run();

/// <summary>Internal (the .NET 10 SDK would make it public), so projects referencing this service see no second public Program.</summary>
internal sealed partial class Program
{
}
