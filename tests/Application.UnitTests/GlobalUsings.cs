global using MediatR;
global using Moq;
global using NUnit.Framework;
global using Streaming.Application.Common.Interfaces;
