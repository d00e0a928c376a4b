global using Microsoft.EntityFrameworkCore;
global using Microsoft.Extensions.DependencyInjection;
global using Npgsql;
global using NUnit.Framework;
global using Streaming.Infrastructure.Data;
global using Streaming.TestSupport;
