using BriWatch.Classifier;
using BriWatch.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddClassifierServices();
builder.AddBusAndScheduler();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
