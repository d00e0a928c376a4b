using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Web.FunctionalTests.Instructor;

namespace Streaming.Web.FunctionalTests.Security;

/// <summary>
/// What people type is stored as they saw it: control characters, line breaks in one-line fields
/// and invisible text-direction overrides are refused with a message; numbers are plain decimal;
/// enum values outside their range are refused.
/// </summary>
public class InputHygieneTests : InstructorTestBase
{
    [TestCase("Title", "Yoga\u202Egnp.exe", "The title cannot contain invisible text-direction characters.")]
    [TestCase("Title", "Yoga\r\nX-Injected: 1", "The title cannot contain line breaks.")]
    [TestCase("Title", "Yoga\u0007 bell", "The title cannot contain control characters.")]
    [TestCase("Category", "HIIT\u2066", "The category cannot contain invisible text-direction characters.")]
    [TestCase("Category", "HIIT\nCore", "The category cannot contain line breaks.")]
    [TestCase("Description", "Warm up\u0008 then", "The description cannot contain control characters.")]
    public async Task A_class_field_with_forbidden_characters_is_refused_with_a_message(string field, string value, string message)
    {
        using var coach = await SignedInInstructorAsync();
        var form = Fill(await NewClassFormAsync(coach.Visitor), "Morning flow", new DateTime(2030, 2, 1, 7, 0, 0)).Set(field, value);

        var page = await coach.Visitor.SubmitForPageAsync(form);

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), page.ToString());
        Assert.That(page.FieldMessage(field), Is.EqualTo(message));
        Assert.That(await StoredOfAsync(coach.Id), Is.Empty);
    }

    [Test]
    public async Task A_description_keeps_its_line_breaks_and_text_is_stored_in_NFC()
    {
        using var coach = await SignedInInstructorAsync();
        var decomposed = "Cafe\u0301 stretch"; // "é" as e + combining accent
        var form = Fill(await NewClassFormAsync(coach.Visitor), decomposed, new DateTime(2030, 2, 1, 7, 0, 0), description: "Line one\r\nLine two");

        var id = await SubmitNewClassAsync(coach.Visitor, form);

        var stored = await StoredAsync(id);
        Assert.That(stored!.Title, Is.EqualTo("Caf\u00e9 stretch"));
        Assert.That(stored.Description, Is.EqualTo("Line one\nLine two"));
    }

    [TestCase("0x10")]
    [TestCase("1e3")]
    [TestCase("5.0")]
    public async Task A_price_that_is_not_a_plain_whole_number_is_refused(string price)
    {
        using var coach = await SignedInInstructorAsync();
        var form = Fill(await NewClassFormAsync(coach.Visitor), "Priced", new DateTime(2030, 2, 1, 7, 0, 0)).Set("PriceInTokens", price);

        var page = await coach.Visitor.SubmitForPageAsync(form);

        Assert.That(page.FieldMessage("PriceInTokens"), Is.EqualTo($"\"{price}\" is not a valid value here."), page.ToString());
        Assert.That(await StoredOfAsync(coach.Id), Is.Empty);
    }

    [TestCase("Ana\u202E", "Your name cannot contain invisible text-direction characters.")]
    [TestCase("Ana\r\nBen", "Your name cannot contain line breaks.")]
    public async Task A_display_name_with_forbidden_characters_is_refused_at_sign_up(string name, string message)
    {
        using var visitor = NewVisitor();
        var email = UniqueEmail();
        var form = (await visitor.GetAsync("/account/register")).Form()
            .Set("DisplayName", name).Set("Email", email).Set("Password", Password).Set("ConfirmPassword", Password);

        var page = await visitor.SubmitForPageAsync(form);

        Assert.That(page.FieldMessage("DisplayName"), Is.EqualTo(message), page.ToString());
        Assert.That(await FindUserAsync(email), Is.Null);
    }

    [TestCase("7")]
    [TestCase("-1")]
    public async Task A_viewing_mode_out_of_range_is_refused_and_nothing_is_stored(string mode)
    {
        using var coach = await SignedInInstructorAsync();
        var stream = await ScheduleAsync(coach.Id, state: Domain.Streams.StreamStatus.Live);
        var token = (await coach.Visitor.GetAsync($"/streams/{stream.Id}/watch")).FormPostingTo("/account/logout").AntiforgeryToken!;
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/streams/{stream.Id}/watch/sessions?mode={mode}")
        {
            Content = new FormUrlEncodedContent([new(HtmlForm.AntiforgeryField, token)]),
        };
        request.Headers.Accept.ParseAdd("application/json");

        var response = await coach.Visitor.Http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        var sessions = await InScopeAsync(sp => sp.GetRequiredService<Streaming.Infrastructure.Data.ApplicationDbContext>().ViewerSessions.CountAsync(v => v.StreamId == stream.Id));
        Assert.That(sessions, Is.Zero);
    }
}
