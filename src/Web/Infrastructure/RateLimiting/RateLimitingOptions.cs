namespace Streaming.Web.Infrastructure.RateLimiting;

/// <summary>
/// Limits per client address and per account for the endpoints people (or scripts) could hammer.
/// Each policy allows <see cref="RateLimitRule.PerIp"/> requests per address and
/// <see cref="RateLimitRule.PerAccount"/> per account (the email typed, or the signed-in member)
/// within a sliding <see cref="RateLimitRule.Window"/>. Counters live in Redis when it is configured (shared by
/// every instance), otherwise in this instance's memory.
/// </summary>
public sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    public bool Enabled { get; set; } = true;

    public RateLimitRule Login { get; set; } = new(20, 20, TimeSpan.FromMinutes(15));

    public RateLimitRule SignUp { get; set; } = new(10, 3, TimeSpan.FromHours(1));

    /// <summary>"Forgot your password?" (policy name <see cref="RateLimitPolicies.ForgotPassword"/>).</summary>
    public RateLimitRule ForgotPassword { get; set; } = new(5, 3, TimeSpan.FromMinutes(15));

    public RateLimitRule AccessCode { get; set; } = new(10, 5, TimeSpan.FromMinutes(15));

    public RateLimitRule TwoFactor { get; set; } = new(20, 10, TimeSpan.FromMinutes(15));

    public RateLimitRule Enroll { get; set; } = new(60, 20, TimeSpan.FromMinutes(1));

    public RateLimitRule WhepOffer { get; set; } = new(300, 60, TimeSpan.FromMinutes(1));

    public RateLimitRule For(string policy) => policy switch
    {
        RateLimitPolicies.Login => Login,
        RateLimitPolicies.SignUp => SignUp,
        RateLimitPolicies.ForgotPassword => ForgotPassword,
        RateLimitPolicies.AccessCode => AccessCode,
        RateLimitPolicies.TwoFactor => TwoFactor,
        RateLimitPolicies.Enroll => Enroll,
        RateLimitPolicies.WhepOffer => WhepOffer,
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "No such rate-limit policy."),
    };
}

public sealed class RateLimitRule
{
    public RateLimitRule()
    {
    }

    public RateLimitRule(int perIp, int perAccount, TimeSpan window) => (PerIp, PerAccount, Window) = (perIp, perAccount, window);

    public int PerIp { get; set; }

    public int PerAccount { get; set; }

    public TimeSpan Window { get; set; }
}

/// <summary>The policy names endpoints carry with <see cref="RateLimitedAttribute"/>.</summary>
public static class RateLimitPolicies
{
    public const string Login = "login";
    public const string SignUp = "sign-up";
    public const string ForgotPassword = "forgot-password";
    public const string AccessCode = "access-code";
    public const string TwoFactor = "two-factor";
    public const string Enroll = "enroll";
    public const string WhepOffer = "whep-offer";

    public static readonly string[] All = [Login, SignUp, ForgotPassword, AccessCode, TwoFactor, Enroll, WhepOffer];
}

/// <summary>
/// Puts an action under a rate-limit policy (POST requests count; put it on POST actions). The account is the form's <see cref="AccountField"/> when given (the email typed on login,
/// sign-up, forgot-password), otherwise the signed-in member.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class RateLimitedAttribute(string policy) : Attribute
{
    public string Policy { get; } = policy;

    public string? AccountField { get; init; }
}
