global using System.Reflection;
global using NUnit.Framework;
