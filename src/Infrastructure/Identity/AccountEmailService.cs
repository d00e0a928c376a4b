using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Infrastructure.Data;
using Streaming.Infrastructure.Email;

namespace Streaming.Infrastructure.Identity;

/// <inheritdoc />
public sealed class AccountEmailService(UserManager<ApplicationUser> users, ApplicationDbContext db, IOptions<EmailOptions> options) : IAccountEmailService
{
    private const string InvalidLink = AccountEmailMessages.InvalidLink;

    public TimeSpan PasswordResetLifetime => options.Value.PasswordResetLinkLifetime;

    public TimeSpan EmailConfirmationLifetime => options.Value.ConfirmationLinkLifetime;

    public async Task<string?> FindUserIdByEmailAsync(string address, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(address) ? null : (await users.FindByEmailAsync(address.Trim()))?.Id;

    public async Task<bool> IsEmailConfirmedAsync(string userId, CancellationToken cancellationToken) =>
        await users.FindByIdAsync(userId) is { EmailConfirmed: true };

    public async Task<string> EmailConfirmationTokenAsync(string userId) => await users.GenerateEmailConfirmationTokenAsync(await FindAsync(userId));

    public async Task<string> PasswordResetTokenAsync(string userId) => await users.GeneratePasswordResetTokenAsync(await FindAsync(userId));

    public async Task<string> EmailChangeTokenAsync(string userId, string newAddress) =>
        await users.GenerateChangeEmailTokenAsync(await FindAsync(userId), newAddress.Trim());

    public async Task<bool> ConfirmEmailAsync(string userId, string token)
    {
        if (string.IsNullOrEmpty(token) || await users.FindByIdAsync(userId) is not { } user) return false;
        if (user.EmailConfirmed) return await users.VerifyUserTokenAsync(user, users.Options.Tokens.EmailConfirmationTokenProvider,
            UserManager<ApplicationUser>.ConfirmEmailTokenPurpose, token);
        return (await users.ConfirmEmailAsync(user, token)).Succeeded;
    }

    public async Task<IReadOnlyList<string>> ResetPasswordAsync(string userId, string token, string newPassword)
    {
        if (string.IsNullOrEmpty(token) || await users.FindByIdAsync(userId) is not { } user) return [InvalidLink];
        // Changes the security stamp: this link stops working, and so does every other session's cookie.
        var result = await users.ResetPasswordAsync(user, token, newPassword);
        if (!result.Succeeded)
            return result.Errors.Select(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken) ? InvalidLink : e.Description).Distinct().ToList();

        // The link came to this address, so it is the member's; a lock-out from guessing ends with the new password.
        if (!user.EmailConfirmed)
        {
            user.EmailConfirmed = true;
            await users.UpdateAsync(user);
        }

        await users.ResetAccessFailedCountAsync(user);
        await users.SetLockoutEndDateAsync(user, null);
        return [];
    }

    public async Task<IReadOnlyList<string>> ChangeEmailAsync(string userId, string newAddress, string token)
    {
        if (string.IsNullOrEmpty(token) || string.IsNullOrWhiteSpace(newAddress) || await users.FindByIdAsync(userId) is not { } user) return [InvalidLink];
        newAddress = newAddress.Trim();
        // The address, the sign-in name and the public profile change together.
        await using var transaction = await db.BeginTransactionAsync(CancellationToken.None);
        var changed = await users.ChangeEmailAsync(user, newAddress, token);
        if (!changed.Succeeded) return Errors(changed);
        var renamed = await users.SetUserNameAsync(user, newAddress);
        if (!renamed.Succeeded) return Errors(renamed);
        await db.Profiles.Where(p => p.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(p => p.Email, newAddress));
        await transaction.CommitAsync();
        return [];
    }

    public async Task<bool> IsAddressTakenAsync(string address, CancellationToken cancellationToken) =>
        !string.IsNullOrWhiteSpace(address) && await users.FindByEmailAsync(address.Trim()) is not null;

    private static IReadOnlyList<string> Errors(IdentityResult result) =>
        result.Errors.Select(e => e.Code switch
        {
            nameof(IdentityErrorDescriber.InvalidToken) => InvalidLink,
            nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName) => "Another account uses this address.",
            _ => e.Description,
        }).Distinct().ToList();

    private async Task<ApplicationUser> FindAsync(string userId) =>
        await users.FindByIdAsync(userId) ?? throw new InvalidOperationException($"No account {userId}.");
}
