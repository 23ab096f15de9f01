using Bezirksplattform.BuildingBlocks.Hosting;
using Bezirksplattform.BuildingBlocks.Migrations;
using Bezirksplattform.BuildingBlocks.Modules;
using Bezirksplattform.Coaching;
using Bezirksplattform.Content;
using Bezirksplattform.Counselling;
using Bezirksplattform.Identity;
using Bezirksplattform.Partners;
using Bezirksplattform.Reporting;

PlatformModule[] modules =
[
    new IdentityModule(),
    new CounsellingModule(),
    new CoachingModule(),
    new PartnersModule(),
    new ContentModule(),
    new ReportingModule(),
];

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddPlatform(builder.Configuration, builder.Environment, modules);
var app = builder.Build();
app.UsePlatform();

// Verbs: `migrate`, `seed`, and those the modules add (create-admin). No verb: serve.
var verb = args.Length > 0 && !args[0].StartsWith('-') && !args[0].Contains('=') ? args[0] : null;
var log = app.Services.StartupLogger();
try
{
    switch (verb)
    {
        case null:
            await app.Services.PrepareDatabaseAsync();
            await app.RunAsync();
            return 0;
        case "migrate":
            await app.Services.PrepareDatabaseAsync(migrate: true, seed: false);
            return 0;
        case "seed":
            await app.Services.PrepareDatabaseAsync(migrate: true, seed: true);
            return 0;
        default:
            var command = modules.SelectMany(m => m.Commands).FirstOrDefault(c => c.Name == verb);
            if (command is null)
            {
                Console.Error.WriteLine($"Unknown command '{verb}'. Commands: migrate, seed, "
                    + string.Join(", ", modules.SelectMany(m => m.Commands).Select(c => c.Usage)));
                return 2;
            }

            await app.Services.PrepareDatabaseAsync(migrate: true, seed: false);
            var rest = args.Skip(1).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
            return await command.RunAsync(app.Services, rest, CancellationToken.None);
    }
}
catch (MigrationException e)
{
    log.LogCritical("{Message}", e.Message);
    Console.Error.WriteLine(e.Message);
    // Under the test host the exception must reach the factory; in a process the exit code says it.
    if (app.Environment.IsEnvironment("Testing")) throw;
    return 1;
}

public partial class Program;
