using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Common;
using Streaming.Infrastructure.IntegrationTests.Tokens.Http;
using Streaming.Infrastructure.Live;
using Streaming.Infrastructure.Live.Cloudflare;
using Streaming.TestSupport.Live.Cloudflare;

namespace Streaming.Infrastructure.IntegrationTests.Live.Cloudflare;

/// <summary>The Cloudflare Stream adapter over real HTTP against a fake that answers like Cloudflare's documented API.</summary>
public class CloudflareStreamClientTests
{
    private FakeCloudflareApi api = null!;
    private RecordingLogger<CloudflareStreamClient> log = null!;
    private readonly List<ServiceProvider> providers = [];

    [OneTimeSetUp]
    public async Task StartAsync() => api = await FakeCloudflareApi.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await api.DisposeAsync();

    [SetUp]
    public void SetUp()
    {
        api.Reset();
        log = new RecordingLogger<CloudflareStreamClient>();
    }

    [TearDown]
    public async Task TearDown()
    {
        foreach (var provider in providers) await provider.DisposeAsync();
        providers.Clear();
    }

    /// <summary>The client as the app registers it: typed HttpClient with the standard resilience handler.</summary>
    private CloudflareStreamClient ClientWith(LiveOptions options)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton(Options.Create(options));
        services.AddSingleton<ILogger<CloudflareStreamClient>>(log);
        services.AddCloudflareStreaming();
        var provider = services.BuildServiceProvider();
        providers.Add(provider);
        return provider.GetRequiredService<CloudflareStreamClient>();
    }

    private CloudflareStreamClient Client(TimeSpan? timeout = null, string? token = null)
    {
        var options = new LiveOptions
        {
            Provider = StreamingProviderKind.Cloudflare,
            Cloudflare = new CloudflareStreamingOptions
            {
                AccountId = FakeCloudflareApi.AccountId,
                ApiToken = token ?? FakeCloudflareApi.ApiToken,
                CustomerCode = FakeCloudflareApi.CustomerCode,
                WebhookSecret = FakeCloudflareApi.WebhookSecret,
                BaseUrl = api.BaseUrl.ToString(),
                Timeout = timeout ?? TimeSpan.FromSeconds(5),
            },
        };
        return ClientWith(options);
    }

    private CloudflareStreamingProvider Provider() =>
        new(Client(), new RecordingLogger<CloudflareStreamingProvider>());

    [Test]
    public async Task Creates_a_live_input_with_the_title_and_recording_off_and_returns_its_WebRTC_urls()
    {
        var streamId = Guid.NewGuid();
        var input = await Provider().CreateInputAsync(streamId, "Morning yoga", CancellationToken.None);

        Assert.That(input, Is.Not.Null);
        Assert.That(input!.PublishUrl, Is.EqualTo(FakeCloudflareApi.WhipUrlOf(input.InputId)));
        Assert.That(input.PlaybackUrl, Is.EqualTo(FakeCloudflareApi.WhepUrlOf(input.InputId)));
        var request = api.Requests.Single();
        Assert.That(request.Method, Is.EqualTo("POST"));
        Assert.That(request.Path, Is.EqualTo($"/client/v4/accounts/{FakeCloudflareApi.AccountId}/stream/live_inputs"));
        Assert.That(request.Header("Authorization"), Is.EqualTo($"Bearer {FakeCloudflareApi.ApiToken}"));
        Assert.That(request.Header("Content-Type"), Does.StartWith("application/json"));
        Assert.That(request.Json.GetProperty("meta").GetProperty("name").GetString(), Is.EqualTo("Morning yoga"));
        Assert.That(request.Json.GetProperty("meta").GetProperty("streamId").GetString(), Is.EqualTo(streamId.ToString()));
        Assert.That(request.Json.GetProperty("recording").GetProperty("mode").GetString(), Is.EqualTo("off"));
        Assert.That(api.Inputs.Single().Uid, Is.EqualTo(input.InputId));
        Assert.That(log.Entries.Select(e => e.Message), Has.None.Contains(input.PublishUrl), "the WHIP URL is never logged");
    }

    [Test]
    public async Task Reads_the_status_of_an_input()
    {
        var input = await Client().CreateLiveInputAsync("Status class", Guid.NewGuid(), CancellationToken.None);
        Assert.That((await Client().GetLiveInputAsync(input.Uid, CancellationToken.None)).State, Is.EqualTo("disconnected"));

        api.SetState(input.Uid, "connected");
        var status = await Client().GetLiveInputAsync(input.Uid, CancellationToken.None);
        Assert.That(status, Is.EqualTo(new CloudflareLiveInputStatus(input.Uid, "connected")));
        Assert.That(api.Requests.Last().Path, Is.EqualTo($"/client/v4/accounts/{FakeCloudflareApi.AccountId}/stream/live_inputs/{input.Uid}"));
    }

    [Test]
    public async Task Deleting_an_input_deletes_its_videos_then_the_input_and_a_gone_input_counts_as_deleted()
    {
        var input = await Provider().CreateInputAsync(Guid.NewGuid(), "Delete me", CancellationToken.None);
        api.AddVideo(input!.InputId, "video-aaa");
        api.AddVideo(input.InputId, "video-bbb");

        await Provider().DeleteInputAsync(input.InputId, CancellationToken.None);

        Assert.That(api.Inputs, Is.Empty);
        var calls = api.Requests.Skip(1).Select(r => $"{r.Method} {r.Path}").ToList();
        var account = $"/client/v4/accounts/{FakeCloudflareApi.AccountId}/stream";
        Assert.That(calls, Is.EqualTo(new[]
        {
            $"GET {account}/live_inputs/{input.InputId}/videos",
            $"DELETE {account}/video-aaa",
            $"DELETE {account}/video-bbb",
            $"DELETE {account}/live_inputs/{input.InputId}",
        }));

        Assert.DoesNotThrowAsync(() => Provider().DeleteInputAsync(input.InputId, CancellationToken.None), "already gone");
    }

    [Test]
    public async Task Lists_the_videos_of_an_input()
    {
        var input = await Client().CreateLiveInputAsync("Videos", Guid.NewGuid(), CancellationToken.None);
        Assert.That(await Client().ListVideosAsync(input.Uid, CancellationToken.None), Is.Empty);
        api.AddVideo(input.Uid, "v1");
        Assert.That(await Client().ListVideosAsync(input.Uid, CancellationToken.None), Is.EqualTo(new[] { "v1" }));
    }

    [Test]
    public void Success_false_shows_the_first_error_message()
    {
        api.FailNext(1, CloudflareFailure.SuccessFalse);
        var error = Assert.ThrowsAsync<StreamingProviderException>(() => Provider().CreateInputAsync(Guid.NewGuid(), "x", CancellationToken.None));
        Assert.That(error!.Message, Is.EqualTo("Cloudflare did not create the live input: Live input quota exceeded for this account. (error 10005)"));
    }

    [Test]
    public void A_4xx_with_an_errors_array_shows_the_first_of_them()
    {
        api.FailNext(1, CloudflareFailure.BadRequest);
        var error = Assert.ThrowsAsync<StreamingProviderException>(() => Provider().CreateInputAsync(Guid.NewGuid(), "x", CancellationToken.None));
        Assert.That(error!.Message, Does.StartWith("Cloudflare did not create the live input: meta.name is too long."));
        Assert.That(error.Message, Does.Not.Contain("second error"));
    }

    [TestCase(CloudflareFailure.Unauthorized, 401)]
    [TestCase(CloudflareFailure.Forbidden, 403)]
    public void Refused_credentials_are_logged_as_a_configuration_error(CloudflareFailure failure, int status)
    {
        api.FailNext(1, failure);
        var error = Assert.ThrowsAsync<StreamingProviderException>(() => Provider().CreateInputAsync(Guid.NewGuid(), "x", CancellationToken.None));
        Assert.That(error!.Message, Is.EqualTo(
            $"Cloudflare did not create the live input: Cloudflare refused the app's credentials (HTTP {status}). An administrator must check the Cloudflare API token and account id."));
        var logged = log.Entries.Single(e => e.Level == LogLevel.Error);
        Assert.That(logged.Message, Does.Contain("Streaming:Cloudflare:ApiToken"));
        Assert.That(log.Entries.Select(e => e.Message), Has.None.Contains(FakeCloudflareApi.ApiToken), "the token is never logged");
        Assert.That(api.Requests, Has.Count.EqualTo(1), "no retry");
    }

    [Test]
    public void A_wrong_token_is_refused_by_the_API_itself()
    {
        var error = Assert.ThrowsAsync<StreamingProviderException>(() => Client(token: "wrong").CreateLiveInputAsync("x", Guid.NewGuid(), CancellationToken.None));
        Assert.That(error!.Message, Does.Contain("refused the app's credentials (HTTP 401)"));
        Assert.That(api.Inputs, Is.Empty);
    }

    [Test]
    public async Task A_short_429_is_retried_once_after_Retry_After()
    {
        api.RetryAfterSeconds = 1;
        api.FailNext(1, CloudflareFailure.TooManyRequests);

        var input = await Provider().CreateInputAsync(Guid.NewGuid(), "Busy", CancellationToken.None);

        Assert.That(input, Is.Not.Null);
        Assert.That(api.Requests, Has.Count.EqualTo(2));
        Assert.That(api.Inputs, Has.Count.EqualTo(1), "exactly one input");
    }

    [Test]
    public void A_429_again_or_a_long_Retry_After_gives_up_with_a_clear_message()
    {
        api.RetryAfterSeconds = 1;
        api.FailNext(2, CloudflareFailure.TooManyRequests);
        var error = Assert.ThrowsAsync<StreamingProviderException>(() => Provider().CreateInputAsync(Guid.NewGuid(), "x", CancellationToken.None));
        Assert.That(error!.Message, Is.EqualTo("Cloudflare did not create the live input: Cloudflare is limiting how often the app may call it. Try again in 1 second."));
        Assert.That(api.Requests, Has.Count.EqualTo(2));

        api.Reset();
        api.RetryAfterSeconds = 60;
        api.FailNext(1, CloudflareFailure.TooManyRequests);
        error = Assert.ThrowsAsync<StreamingProviderException>(() => Provider().CreateInputAsync(Guid.NewGuid(), "x", CancellationToken.None));
        Assert.That(error!.Message, Does.EndWith("Try again in 60 seconds."));
        Assert.That(api.Requests, Has.Count.EqualTo(1), "a long wait is not done inside the instructor's request");
    }

    [TestCase(CloudflareFailure.InternalServerError, 500)]
    [TestCase(CloudflareFailure.BadGateway, 502)]
    public void Server_errors_give_a_clear_message(CloudflareFailure failure, int status)
    {
        api.FailNext(1, failure);
        var error = Assert.ThrowsAsync<StreamingProviderException>(() => Provider().CreateInputAsync(Guid.NewGuid(), "x", CancellationToken.None));
        Assert.That(error!.Message, Is.EqualTo($"Cloudflare did not create the live input: Cloudflare had a problem on its side (HTTP {status}). Try again in a moment."));
        Assert.That(api.Requests, Has.Count.EqualTo(1), "a create is not repeated blindly (it might have happened)");
    }

    [Test]
    public void A_hanging_API_times_out()
    {
        api.FailNext(1, CloudflareFailure.Hang);
        var error = Assert.ThrowsAsync<StreamingProviderException>(() =>
            new CloudflareStreamingProvider(Client(TimeSpan.FromMilliseconds(300)), new RecordingLogger<CloudflareStreamingProvider>())
                .CreateInputAsync(Guid.NewGuid(), "x", CancellationToken.None));
        Assert.That(error!.Message, Is.EqualTo("Cloudflare did not create the live input: Cloudflare did not answer within 1 second. Try again in a moment."));
    }

    [Test]
    public void The_callers_cancellation_is_not_a_provider_failure()
    {
        api.FailNext(1, CloudflareFailure.Hang);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        Assert.CatchAsync<OperationCanceledException>(() => Client().CreateLiveInputAsync("x", Guid.NewGuid(), cancel.Token));
    }

    [Test]
    public void Malformed_JSON_gives_a_clear_message()
    {
        api.FailNext(1, CloudflareFailure.MalformedJson);
        var error = Assert.ThrowsAsync<StreamingProviderException>(() => Provider().CreateInputAsync(Guid.NewGuid(), "x", CancellationToken.None));
        Assert.That(error!.Message, Is.EqualTo("Cloudflare did not create the live input: Cloudflare's answer could not be read. Try again in a moment."));
    }

    [Test]
    public void An_input_without_WebRTC_urls_is_refused_and_deleted_again()
    {
        api.FailNext(1, CloudflareFailure.MissingWebRtc);
        var error = Assert.ThrowsAsync<StreamingProviderException>(() => Provider().CreateInputAsync(Guid.NewGuid(), "x", CancellationToken.None));
        Assert.That(error!.Message, Does.StartWith("Cloudflare did not create the live input: its answer had no WebRTC (WHIP/WHEP) URLs."));
        Assert.That(api.Inputs, Is.Empty, "the useless input was deleted");
    }

    [Test]
    public async Task An_unreachable_API_gives_a_clear_message()
    {
        var closed = await FakeCloudflareApi.StartAsync();
        var address = closed.BaseUrl;
        await closed.DisposeAsync();
        var client = ClientWith(new LiveOptions
        {
            Provider = StreamingProviderKind.Cloudflare,
            Cloudflare = new CloudflareStreamingOptions { AccountId = "a", ApiToken = "t", BaseUrl = address.ToString(), Timeout = TimeSpan.FromSeconds(5) },
        });
        var error = Assert.ThrowsAsync<StreamingProviderException>(() => client.DeleteLiveInputAsync("x", CancellationToken.None));
        Assert.That(error!.Message, Is.EqualTo("Cloudflare did not delete the live input: Cloudflare could not be reached. Try again in a moment."));
    }

    [Test]
    public void Delete_failures_say_what_was_not_done()
    {
        api.FailNext(1, CloudflareFailure.InternalServerError);
        var error = Assert.ThrowsAsync<StreamingProviderException>(() => Provider().DeleteInputAsync("some-input", CancellationToken.None));
        Assert.That(error!.Message, Does.StartWith("Cloudflare did not list the live input's videos: Cloudflare had a problem on its side (HTTP 500)."));
    }

    [TestCase(null, "AccountId")]
    [TestCase("ApiToken", "ApiToken")]
    [TestCase("CustomerCode", "CustomerCode")]
    [TestCase("WebhookSecret", "WebhookSecret")]
    [TestCase("BaseUrl", "BaseUrl")]
    [TestCase("Timeout", "Timeout")]
    public void Start_up_refuses_an_incomplete_Cloudflare_configuration(string? broken, string named)
    {
        var settings = new Dictionary<string, string?>(api.Settings());
        var key = "Streaming:Cloudflare:" + (broken ?? "AccountId");
        settings[key] = broken switch
        {
            "CustomerCode" => "bad code;",
            "BaseUrl" => "not a url",
            "Timeout" => "00:00:00",
            _ => "",
        };
        var services = new ServiceCollection().AddLogging();
        services.AddStreaming(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => _ = provider.GetRequiredService<IOptions<LiveOptions>>().Value);
        Assert.That(error!.Message, Does.Contain("Streaming:Cloudflare:" + named));
    }

    [Test]
    public void A_complete_configuration_selects_the_Cloudflare_provider()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddStreaming(new ConfigurationBuilder().AddInMemoryCollection(api.Settings()).Build());
        using var provider = services.BuildServiceProvider();
        Assert.That(provider.GetRequiredService<IOptions<LiveOptions>>().Value.Provider, Is.EqualTo(StreamingProviderKind.Cloudflare));
        Assert.That(provider.GetRequiredService<IStreamingProvider>(), Is.TypeOf<CloudflareStreamingProvider>());
    }
}
