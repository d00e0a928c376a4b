using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Chat.Common;
using Streaming.Application.Chat.Commands.MuteChatMember;
using Streaming.Application.Chat.Queries.GetChatReports;
using Streaming.Domain.Chat;
using Streaming.Infrastructure.Data;
using Streaming.TestSupport.Realtime;
using Streaming.Web.FunctionalTests.Live;
using Streaming.Web.Infrastructure;

namespace Streaming.Web.FunctionalTests.Chat;

/// <summary>Chat clients: the real SignalR .NET client against the app (long polling through the in-memory server), with a user's cookies.</summary>
public abstract class ChatTestBase : LiveTestBase
{
    protected sealed class ChatClient(HubConnection connection) : IAsyncDisposable
    {
        public HubConnection Connection { get; } = connection;

        public HubEvents<ChatMessageDto> Messages { get; } = new(connection, "message");

        public HubEvents<Guid> Deleted { get; } = new(connection, "deleted");

        public HubEvents<ChatMuteDto> Muted { get; } = new(connection, "muted");

        public HubEvents<int> SlowMode { get; } = new(connection, "slowMode");

        public HubEvents<string> State { get; } = new(connection, "state");

        public HubEvents<ChatReportDto> Reported { get; } = new(connection, "reported");

        public Task<T> InvokeAsync<T>(string method, params object?[] args) => Connection.InvokeCoreAsync<T>(method, args);

        public Task InvokeAsync(string method, params object?[] args) => Connection.InvokeCoreAsync(method, args);

        public ValueTask DisposeAsync() => Connection.DisposeAsync();
    }

    /// <summary>A connected chat client with <paramref name="user"/>'s cookies (none: an anonymous visitor).</summary>
    protected async Task<ChatClient> ConnectChatAsync(User? user)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(Factory.Server.BaseAddress, "/hubs/chat"), options =>
            {
                options.Transports = HttpTransportType.LongPolling;
                options.HttpMessageHandlerFactory = _ => user is null
                    ? Factory.Server.CreateHandler()
                    : new CookieContainerHandler(user.Cookies) { InnerHandler = Factory.Server.CreateHandler() };
            })
            .AddJsonProtocol(o => WebJson.Configure(o.PayloadSerializerOptions))
            .Build();
        var client = new ChatClient(connection);
        await connection.StartAsync();
        return client;
    }

    /// <summary>The stored row, deleted or not.</summary>
    protected Task<List<ChatMessage>> StoredMessagesAsync(Guid streamId) =>
        InScopeAsync(sp => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            sp.GetRequiredService<ApplicationDbContext>().ChatMessages.Where(m => m.StreamId == streamId).OrderBy(m => m.Number)));

    /// <summary>Puts <paramref name="count"/> messages straight into the database (history tests; no rate limit).</summary>
    protected Task SeedMessagesAsync(Guid streamId, string authorId, int count) =>
        InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ApplicationDbContext>();
            for (var i = 1; i <= count; i++)
            {
                db.ChatMessages.Add(ChatMessage.Write(streamId, authorId, $"message {i}", Factory.Clock.Now));
                await db.SaveChangesAsync(); // one by one: numbers in this order
            }

            return count;
        });
}
