using System.ComponentModel.DataAnnotations;

namespace Streaming.Web.Models;

public sealed record LoginViewModel
{
    [EmailAddress]
    public string Email { get; init; } = "";

    [DataType(DataType.Password)]
    public string Password { get; init; } = "";

    [Display(Name = "Keep me signed in")]
    public bool RememberMe { get; init; }

    public string? ReturnUrl { get; init; }
}

public sealed record TwoFactorLoginViewModel
{
    [Display(Name = "Authentication code")]
    public string? Code { get; init; }

    public bool RememberMe { get; init; }

    public string? ReturnUrl { get; init; }
}

/// <summary>The password asked once before a provider is linked to the account that has its email.</summary>
public sealed record ExternalLinkViewModel
{
    public string Provider { get; init; } = "";

    public string Email { get; init; } = "";

    [DataType(DataType.Password)]
    public string? Password { get; init; }

    public string? ReturnUrl { get; init; }
}
