using Streaming.Application;
using Streaming.Infrastructure;
using Streaming.Web;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddApplication();
builder.Services.AddInfrastructure(builder.Configuration);
builder.Services.AddWeb(builder.Configuration);

var app = builder.Build();

if (args.Contains("migrate"))
{
    await app.MigrateDatabaseAsync();
    return;
}

await app.InitialiseDatabaseAsync();
app.UseWeb();
app.Run();

public partial class Program;
