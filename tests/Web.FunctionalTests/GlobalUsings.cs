global using System.Net;
global using AngleSharp.Dom;
global using AngleSharp.Html.Dom;
global using NUnit.Framework;
global using Streaming.TestSupport;
global using Streaming.Web.FunctionalTests.Support;
