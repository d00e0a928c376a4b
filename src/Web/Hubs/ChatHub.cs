using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Streaming.Application.Chat.Commands.DeleteChatMessage;
using Streaming.Application.Chat.Commands.MuteChatMember;
using Streaming.Application.Chat.Commands.ReportChatMessage;
using Streaming.Application.Chat.Commands.SendChatMessage;
using Streaming.Application.Chat.Commands.SetChatSlowMode;
using Streaming.Application.Chat.Common;
using Streaming.Application.Chat.Queries.GetChatHistory;
using Streaming.Application.Chat.Queries.GetChatReports;
using Streaming.Application.Chat.Queries.JoinChat;

namespace Streaming.Web.Hubs;

/// <summary>
/// <c>/hubs/chat</c>: a class's chat. <see cref="Join"/> checks the caller and subscribes the
/// connection to the class's messages ("message", "deleted", "muted", "slowMode", "state");
/// moderators also hear "reported". Every method checks the caller again in its handler, so a
/// connection cannot act on a class it may not use. Refusals come back as the error of the call
/// (its message is for the person: "You are sending messages too fast…").
/// </summary>
[Authorize]
public sealed class ChatHub(IMediator mediator) : Hub
{
    public const string Path = "/hubs/chat";

    public static string Room(Guid streamId) => $"chat:{streamId:N}";

    public static string Moderators(Guid streamId) => $"chat-moderators:{streamId:N}";

    /// <summary>The caller's rights, the room's state and the last <see cref="ChatMessages.PageSize"/> messages.</summary>
    public async Task<ChatRoomDto> Join(Guid streamId)
    {
        var room = await HubErrors.Checked(() => mediator.Send(new JoinChatQuery(streamId)));
        await Groups.AddToGroupAsync(Context.ConnectionId, Room(streamId));
        if (room.CanModerate) await Groups.AddToGroupAsync(Context.ConnectionId, Moderators(streamId));
        return room;
    }

    public Task<ChatPageDto> Older(Guid streamId, long beforeNumber) =>
        HubErrors.Checked(() => mediator.Send(new GetChatHistoryQuery(streamId, beforeNumber)));

    public async Task<ChatMessageDto> Send(Guid streamId, string? text)
    {
        var message = await HubErrors.Checked(() => mediator.Send(new SendChatMessageCommand(streamId, text)));
        await Clients.Group(Room(streamId)).SendAsync("message", message);
        return message;
    }

    public async Task Delete(Guid streamId, Guid messageId)
    {
        var deleted = await HubErrors.Checked(() => mediator.Send(new DeleteChatMessageCommand(streamId, messageId)));
        await Clients.Group(Room(streamId)).SendAsync("deleted", deleted);
    }

    public async Task<ChatMuteDto> Mute(Guid streamId, string memberId)
    {
        var mute = await HubErrors.Checked(() => mediator.Send(new MuteChatMemberCommand(streamId, memberId)));
        await Clients.Group(Room(streamId)).SendAsync("muted", mute);
        return mute;
    }

    public async Task<int> SlowMode(Guid streamId, int seconds)
    {
        var slowMode = await HubErrors.Checked(() => mediator.Send(new SetChatSlowModeCommand(streamId, seconds)));
        await Clients.Group(Room(streamId)).SendAsync("slowMode", slowMode);
        return slowMode;
    }

    /// <summary>The reporter hears only that it worked; the moderators get the report.</summary>
    public async Task Report(Guid streamId, Guid messageId)
    {
        var report = await HubErrors.Checked(() => mediator.Send(new ReportChatMessageCommand(streamId, messageId)));
        await Clients.Group(Moderators(streamId)).SendAsync("reported", report);
    }

    public Task<IReadOnlyList<ChatReportDto>> Reports(Guid streamId) =>
        HubErrors.Checked(() => mediator.Send(new GetChatReportsQuery(streamId)));
}
