using System.Net.Http.Headers;

namespace Streaming.Web.FunctionalTests.Support;

/// <summary>
/// Posts a scraped form the way a browser posts an <c>enctype="multipart/form-data"</c> form with a
/// file input: the form's own fields (the antiforgery token among them) plus one file part.
/// </summary>
public static class MultipartUpload
{
    /// <summary>
    /// Sends <paramref name="form"/>'s fields and <paramref name="file"/> as the part called
    /// <paramref name="fileField"/> (a null file sends the field empty, as a browser does when none is chosen).
    /// </summary>
    public static async Task<HttpResponseMessage> SubmitWithFileAsync(
        this PageClient client,
        HtmlForm form,
        string fileField,
        byte[]? file,
        string fileName = "upload.png",
        string contentType = "image/png",
        IEnumerable<KeyValuePair<string, string>>? extraFields = null)
    {
        if (form.Method != "POST") throw new AssertionException($"The form posting to {form.Action} is not a POST form.");
        using var content = new MultipartFormDataContent();
        foreach (var (name, value) in form.Values.Concat(extraFields ?? [])) content.Add(new StringContent(value), name);

        var part = new ByteArrayContent(file ?? []);
        part.Headers.ContentType = new MediaTypeHeaderValue(file is null ? "application/octet-stream" : contentType);
        // Set by hand: a browser sends filename="" when no file is chosen, which Add(content, name, fileName) refuses.
        part.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data")
        {
            Name = $"\"{fileField}\"",
            FileName = $"\"{(file is null ? "" : fileName)}\"",
        };
        content.Add(part);

        using var request = new HttpRequestMessage(HttpMethod.Post, form.Action) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        return await client.Http.SendAsync(request);
    }
}
