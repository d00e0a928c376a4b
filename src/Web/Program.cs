using Streaming.Application;
using Streaming.Infrastructure;
using Streaming.Infrastructure.Data;
using Streaming.Web;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddApplication();
builder.Services.AddInfrastructure(builder.Configuration);
builder.Services.AddWeb(builder.Configuration);

var app = builder.Build();

try
{
    if (args.Contains("migrate"))
    {
        await app.MigrateDatabaseAsync();
        return;
    }

    await app.InitialiseDatabaseAsync();
}
catch (LegacySchemaException e)
{
    // A database this release must not touch: what to do, without a stack trace.
    Console.Error.WriteLine(e.Message);
    Environment.ExitCode = 1;
    return;
}
app.UseWeb();
app.Run();

public partial class Program;
