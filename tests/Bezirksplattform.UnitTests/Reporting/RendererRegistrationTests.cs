using Bezirksplattform.Reporting;
using Bezirksplattform.Reporting.Rendering;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bezirksplattform.UnitTests.Reporting;

public sealed class RendererRegistrationTests
{
    [Fact]
    public void The_module_offers_one_renderer_per_download_format()
    {
        var services = new ServiceCollection();
        new ReportingModule().AddServices(services, new ConfigurationBuilder().Build());

        using var provider = services.BuildServiceProvider();
        var renderers = provider.GetServices<IReportRenderer>().ToList();

        Assert.Equal(["csv", "html", "json"], renderers.Select(r => r.Extension).Order());
        Assert.All(renderers, r => Assert.EndsWith("; charset=utf-8", r.ContentType));
    }
}
