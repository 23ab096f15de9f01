using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Bezirksplattform.BuildingBlocks.Jobs;
using Bezirksplattform.BuildingBlocks.Modules;

namespace Bezirksplattform.BuildingBlocks.Migrations;

/// <summary>One forward-only SQL file, <c>migrations/&lt;module&gt;/NNNN_snake_case.sql</c>.</summary>
public sealed record MigrationScript(string Module, string Name, string Sql)
{
    /// <summary>SHA-256 over the text with line endings normalised, so a checkout with CRLF is not an edit.</summary>
    // Derived on read, never stored: a copy made with `with { Sql = … }` must not keep the old sum.
    public string Checksum => Convert.ToHexStringLower(
        SHA256.HashData(Encoding.UTF8.GetBytes(Sql.Replace("\r\n", "\n", StringComparison.Ordinal))));

    public string Path => $"migrations/{Module}/{Name}";
}

public interface IMigrationSource
{
    IEnumerable<MigrationScript> GetScripts();
}

/// <summary>
/// Reads the SQL files each module embeds from <c>migrations/&lt;schema&gt;/</c> (see the module's
/// .csproj). Embedding keeps the host self-contained: it migrates without the source tree.
/// </summary>
public sealed partial class ModuleMigrationSource(ModuleCatalog modules) : IMigrationSource
{
    [GeneratedRegex(@"^\d{4}_[a-z0-9_]+\.sql$")]
    private static partial Regex FileName();

    public IEnumerable<MigrationScript> GetScripts()
    {
        foreach (var module in modules.All)
            foreach (var script in FromAssembly(module.Assembly, module.Schema))
                yield return script;
    }

    public static IEnumerable<MigrationScript> FromAssembly(Assembly assembly, string schema)
    {
        var prefix = $"migrations/{schema}/";
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var name = resource[prefix.Length..];
            if (!FileName().IsMatch(name))
                throw new InvalidOperationException($"Migration {resource} must be named NNNN_snake_case.sql.");
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            yield return new MigrationScript(schema, name, reader.ReadToEnd());
        }
    }
}

/// <summary>
/// The platform's tables inside every module's schema (the schema itself, outbox, inbox), from
/// templates in BuildingBlocks/Messaging/Sql, journalled per module like the module's own files.
/// </summary>
public sealed class ModuleMessagingTablesSource(ModuleCatalog modules) : IMigrationSource
{
    private const string Prefix = "platform-migrations/";

    public IEnumerable<MigrationScript> GetScripts()
    {
        var assembly = typeof(ModuleMessagingTablesSource).Assembly;
        var templates = assembly.GetManifestResourceNames().Where(r => r.StartsWith(Prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            .Select(r =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(r)!, Encoding.UTF8);
                return (Name: r[Prefix.Length..], Sql: reader.ReadToEnd());
            })
            .ToList();
        foreach (var module in modules.All)
            foreach (var template in templates)
                yield return new MigrationScript(module.Schema, template.Name, template.Sql.Replace("{schema}", module.Schema, StringComparison.Ordinal));
    }
}

/// <summary>
/// Quartz's own PostgreSQL DDL, read from inside Quartz.dll (never pasted into this repository).
/// Every statement in it is CREATE ... IF NOT EXISTS.
/// </summary>
public sealed class QuartzSchemaSource : IMigrationSource
{
    public const string ResourceName = "Quartz.Impl.AdoJobStore.Schema.create_postgres.sql";
    public const string Module = "quartz";

    public IEnumerable<MigrationScript> GetScripts()
    {
        using var stream = typeof(Quartz.IJob).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Quartz.dll no longer ships {ResourceName}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var ddl = reader.ReadToEnd()
            .Replace("{0}", JobsSetup.TablePrefix, StringComparison.Ordinal)
            .Replace("{1}", JobsSetup.TablePrefix["quartz.".Length..], StringComparison.Ordinal);
        // Named by Quartz version: an upgrade applies its (CREATE … IF NOT EXISTS) DDL once more.
        var version = typeof(Quartz.IJob).Assembly.GetName().Version!.ToString(3);
        yield return new MigrationScript(Module, $"quartz_{version}_tables.sql", "create schema if not exists quartz;\n" + ddl);
    }
}

/// <summary>
/// PostgreSQL extensions the modules share (an extension exists once per database, so no module
/// can own it): pg_trgm for similar-name checks, btree_gist for exclusion constraints that mix
/// equality with range overlap. Both are trusted contrib extensions, installed in <c>public</c>
/// so that their operator classes and functions resolve without naming a schema.
/// </summary>
public sealed class PlatformExtensionsSource : IMigrationSource
{
    public IEnumerable<MigrationScript> GetScripts()
    {
        yield return new MigrationScript("platform", "0001_extensions.sql",
            """
            create extension if not exists pg_trgm with schema public;
            create extension if not exists btree_gist with schema public;
            """);
    }
}
