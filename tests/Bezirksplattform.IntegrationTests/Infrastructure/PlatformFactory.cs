using System.Net.Http.Headers;
using System.Net.Http.Json;
using Bezirksplattform.BuildingBlocks.Modules;
using Bezirksplattform.Coaching;
using Bezirksplattform.Content;
using Bezirksplattform.Counselling;
using Bezirksplattform.Identity;
using Bezirksplattform.Partners;
using Bezirksplattform.Reporting;
using MediatR;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bezirksplattform.IntegrationTests.Infrastructure;

/// <summary>
/// The real host, in memory, on a test class's own database. Background jobs are off unless a
/// test asks for them; the clock is a <see cref="TestClock"/>; test-only modules can be added.
/// </summary>
public sealed class PlatformFactory : WebApplicationFactory<Program>
{
    private readonly TestDatabase _database;
    private readonly Dictionary<string, string?> _settings;
    private readonly PlatformModule[] _extraModules;
    private readonly Action<IServiceCollection>? _services;

    public PlatformFactory(
        TestDatabase database,
        TestClock? clock = null,
        IDictionary<string, string?>? settings = null,
        IEnumerable<PlatformModule>? extraModules = null,
        Action<IServiceCollection>? services = null)
    {
        _database = database;
        Clock = clock ?? new TestClock();
        _extraModules = extraModules?.ToArray() ?? [];
        _services = services;
        _settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Bezirksplattform"] = database.ConnectionString,
            ["Jobs:Enabled"] = "false",
            ["Database:MigrateOnStartup"] = "true",
            ["Database:SeedDemoDataOnStartup"] = "false",
            ["Auth:SigningKey"] = "dGVzdC1zaWduaW5nLWtleS1mb3ItYmV6aXJrc3BsYXR0Zm9ybS10ZXN0cy0xMjM0NTY=",
            ["Http:LoginPermitLimit"] = "1000",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) _settings[key] = value;
    }

    public TestClock Clock { get; }

    public LogCollector Logs { get; } = new();

    public static IReadOnlyList<PlatformModule> ProductionModules() =>
        [new IdentityModule(), new CounsellingModule(), new CoachingModule(), new PartnersModule(), new ContentModule(), new ReportingModule()];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(_settings).Build();
            foreach (var module in _extraModules) module.AddServices(services, configuration);
            _services?.Invoke(services);
        });
    }

    /// <summary>Sends a mediator request in its own scope, as an endpoint would.</summary>
    public async Task<T> SendAsync<T>(IRequest<T> request)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Creates a staff user directly and returns a client carrying their bearer token.</summary>
    public async Task<HttpClient> ClientForRoleAsync(params string[] roles)
    {
        var userName = "t-" + string.Join("-", roles) + "-" + Guid.NewGuid().ToString("N")[..6];
        const string password = "correct-horse-battery";
        await StaffUsers.CreateAsync(_database, userName, password, roles);
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { userName, password });
        response.EnsureSuccessStatusCode();
        var login = await response.Content.ReadFromJsonAsync<LoginBody>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login!.AccessToken);
        return client;
    }

    private sealed record LoginBody(string AccessToken, DateTimeOffset ExpiresAt);
}
