global using Microsoft.Playwright;
global using NUnit.Framework;
global using Streaming.TestSupport;
