using System.Text.Json;
using System.Text.Json.Serialization;
using Streaming.Application.Chat.Queries.JoinChat;
using Streaming.Domain.Streams;

namespace Streaming.Web.Infrastructure;

/// <summary>
/// How the web layer writes JSON for the pages' scripts (MVC and SignalR alike). The scripts compare a
/// class's status and the chat's state by name; the use cases' DTOs carry no serializer attributes.
/// </summary>
public static class WebJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter<StreamStatus>());
        options.Converters.Add(new JsonStringEnumConverter<ChatState>());
    }
}
