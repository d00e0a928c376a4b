using Streaming.Application.Account.Queries.GetSignInMethods;
using Streaming.Application.Profiles.Commands.UpdateProfile;
using Streaming.Application.Profiles.Queries.GetMyProfile;

namespace Streaming.Web.Models;

public sealed record TimeZoneOption(string Id, string Label);

public sealed record ProfilePageModel(MyProfileDto Profile, UpdateProfileCommand Form, IReadOnlyList<TimeZoneOption> TimeZones, SignInMethodsDto SignIn);
