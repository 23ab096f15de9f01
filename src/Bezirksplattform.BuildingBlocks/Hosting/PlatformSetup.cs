using System.Text.Json;
using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.BuildingBlocks.Http;
using Bezirksplattform.BuildingBlocks.Jobs;
using Bezirksplattform.BuildingBlocks.Mail;
using Bezirksplattform.BuildingBlocks.Mediator;
using Bezirksplattform.BuildingBlocks.Messaging;
using Bezirksplattform.BuildingBlocks.Migrations;
using Bezirksplattform.BuildingBlocks.Modules;
using Bezirksplattform.BuildingBlocks.Seeding;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.OpenApi;
using Npgsql;

namespace Bezirksplattform.BuildingBlocks.Hosting;

public sealed class DatabaseOptions
{
    public bool MigrateOnStartup { get; set; } = true;
    public bool SeedDemoDataOnStartup { get; set; }
}

/// <summary>Everything every module needs once: the host calls these two methods and maps the modules.</summary>
public static class PlatformSetup
{
    public const string ConnectionStringName = "Bezirksplattform";

    public static IServiceCollection AddPlatform(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment, IReadOnlyList<PlatformModule> modules)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} is not set. ./run.sh starts a local PostgreSQL and sets it.");

        DapperSetup.Configure();
        ValidationSetup.Configure();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString) { Name = "bezirksplattform" }.Build());
        services.AddSingleton<DatabaseRetryPipeline>();
        services.AddSingleton(configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions());

        services.AddSingleton<ModuleCatalog>();
        services.AddPlatformMediator();
        services.AddScoped<IDbSession, CurrentDbSession>();

        services.AddSingleton<IntegrationEventRegistry>();
        services.AddScoped<IIntegrationEventOutbox, IntegrationEventOutbox>();
        services.AddSingleton<InboxProcessor>();
        services.AddSingleton<OutboxDispatcher>();
        services.Configure<OutboxOptions>(configuration.GetSection("Outbox"));

        // Order matters: a module's schema and messaging tables exist before its own files run.
        services.AddSingleton<IMigrationSource, PlatformExtensionsSource>();
        services.AddSingleton<IMigrationSource, QuartzSchemaSource>();
        services.AddSingleton<IMigrationSource, ModuleMessagingTablesSource>();
        services.AddSingleton<IMigrationSource, ModuleMigrationSource>();
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton<DemoDataLoader>();

        services.AddPlatformJobs(configuration, modules, connectionString);
        services.AddPlatformHttp(configuration);
        services.AddPlatformMail(configuration);
        services.AddPlatformAuth(configuration, environment);

        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
            .AddCheck<SchedulerHealthCheck>("scheduler", tags: ["ready"]);

        services.AddOpenApi(openApi =>
        {
            openApi.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Bezirksplattform API",
                    Version = "v1",
                    Description = "Staff API (/api/<module>, bearer token from POST /api/auth/login) and public headless API (/api/public/v1) for district and neighbourhood websites. Errors are RFC 9457 problem details.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "Token aus POST /api/auth/login",
                };
                return Task.CompletedTask;
            });
        });

        foreach (var module in modules)
            module.AddServices(services, configuration);
        return services;
    }

    /// <summary>Middleware order matters: errors outermost, unknown routes before authentication.</summary>
    public static WebApplication UsePlatform(this WebApplication app)
    {
        // Fail at start-up, not at the first event, on a duplicate or missing event name.
        _ = app.Services.GetRequiredService<IntegrationEventRegistry>();
        app.UseForwardedHeadersIfConfigured();
        app.UsePlatformProblemDetails();
        app.UseSwaggerUI(ui =>
        {
            ui.RoutePrefix = "docs";
            ui.SwaggerEndpoint("/openapi/v1.json", "Bezirksplattform API v1");
            ui.DocumentTitle = "Bezirksplattform API";
        });
        app.UseHeadAsGetForPublicApi();
        app.UseRouting();
        app.UseUnknownRouteNotFound();
        app.UseRequestBodyLimit();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteHealth }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteHealth }).AllowAnonymous();

        app.MapGroup("/api/admin").RequireAuthorization(Policies.Admin).MapOutboxAdmin();
        app.MapPublicApi("Öffentliche API").MapGet("/", () => Results.Ok(new
        {
            name = "Bezirksplattform – öffentliche API",
            version = "v1",
            documentation = "/docs",
            openApi = "/openapi/v1.json",
        })).WithName("GetPublicApiIndex").WithSummary("Einstieg in die öffentliche API");

        foreach (var module in app.Services.GetRequiredService<ModuleCatalog>().All)
            module.MapEndpoints(app);
        return app;
    }

    /// <summary>Migrates (when configured) and seeds demo data (when configured) before serving.</summary>
    public static async Task PrepareDatabaseAsync(this IServiceProvider services, bool? migrate = null, bool? seed = null, CancellationToken ct = default)
    {
        var options = services.GetRequiredService<DatabaseOptions>();
        if (migrate ?? options.MigrateOnStartup)
            await services.GetRequiredService<MigrationRunner>().RunAsync(ct);
        if (seed ?? options.SeedDemoDataOnStartup)
            await services.GetRequiredService<DemoDataLoader>().LoadAsync(ct);
    }

    private static Task WriteHealth(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }, PlatformJson.Options));
    }

    public static ILogger StartupLogger(this IServiceProvider services) =>
        services.GetRequiredService<ILoggerFactory>().CreateLogger("Bezirksplattform");
}
