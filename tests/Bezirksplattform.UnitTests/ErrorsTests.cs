using Bezirksplattform.BuildingBlocks.Errors;

namespace Bezirksplattform.UnitTests;

public sealed class ErrorsTests
{
    [Theory]
    [InlineData("UserName", "userName")]
    [InlineData("Items[0].DisplayName", "items[0].displayName")]
    [InlineData("Roles[2]", "roles[2]")]
    [InlineData("", "")]
    public void Field_names_in_problems_are_written_as_clients_send_them(string property, string expected) =>
        Assert.Equal(expected, PlatformExceptionHandler.JsonFieldName(property));

    [Theory]
    [InlineData(404, "Not Found", "Nicht gefunden")]
    [InlineData(401, "Unauthorized", "Anmeldung erforderlich")]
    [InlineData(400, "One or more validation errors occurred.", "Die Anfrage ist ungültig.")]
    [InlineData(500, "An error occurred while processing your request.", "Interner Fehler")]
    [InlineData(401, "Anmeldung fehlgeschlagen", "Anmeldung fehlgeschlagen")]
    [InlineData(409, "Termin bereits vergeben", "Termin bereits vergeben")]
    public void Framework_default_titles_become_german_but_a_handlers_own_title_is_kept(int status, string title, string expected) =>
        Assert.Equal(expected, ProblemDetailsSetup.GermanTitle(status, title));
}
