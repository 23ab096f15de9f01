namespace Bezirksplattform.ArchitectureTests;

/// <summary>Convention 5: SQL in a module names only its own schema; its migrations create objects only there.</summary>
public sealed class SqlSchemaTests
{
    private static readonly string[] Schemas = ["identity", "counselling", "coaching", "partners", "content"];

    [Fact]
    public void Module_code_names_only_its_own_schema()
    {
        var violations = new List<string>();
        var ownReferences = 0;
        foreach (var module in Verify.ProductionModules())
        {
            var files = Production.SourceFiles(module);
            // The module's own project, not just its Contracts, is among the scanned files.
            Assert.Contains(files, f => Production.Relative(f) == $"modules/{module.Name}/Bezirksplattform.{module.Name}/{module.Name}Module.cs");
            foreach (var file in files)
            {
                var text = File.ReadAllText(file);
                violations.AddRange(ArchitectureRules.ForeignSchemaViolations(
                    Production.Relative(file), text, module.Schema, Production.ModuleSchemas, SourceKind.CSharp));
                ownReferences += ArchitectureRules.SchemaReferences(text, [module.Schema], SourceKind.CSharp).Count;
            }
        }

        // Identity's slices query identity.staff_users: the scanner sees the SQL in the handlers.
        Assert.True(ownReferences > 0, "The scan found no SQL naming a module's own schema; it is not looking at the handlers.");
        Verify.NoViolations(violations, "SQL names only the module's own schema (C#)");
    }

    [Fact]
    public void Migrations_name_only_their_own_schema()
    {
        var violations = new List<string>();
        var scanned = 0;
        foreach (var module in Verify.ProductionModules())
        {
            var files = Production.MigrationFiles(module.Schema);
            if (files.Count == 0) continue; // no tables of its own yet
            scanned++;
            var ownReferences = 0;
            foreach (var file in files)
            {
                var sql = File.ReadAllText(file);
                ownReferences += ArchitectureRules.SchemaReferences(sql, [module.Schema], SourceKind.Sql).Count;
                violations.AddRange(ArchitectureRules.ForeignSchemaViolations(
                    Production.Relative(file), sql, module.Schema, Production.ModuleSchemas, SourceKind.Sql));
            }

            Assert.True(ownReferences > 0, $"migrations/{module.Schema}/ was scanned but names nothing in schema {module.Schema}.");
        }

        Assert.True(scanned > 0, "no module's migrations were scanned");
        Verify.NoViolations(violations, "SQL names only the module's own schema (migrations)");
    }

    [Fact]
    public void Migrations_create_objects_only_in_their_own_schema()
    {
        var violations = new List<string>();
        var seen = new List<(string Schema, string Kind)>();
        foreach (var module in Verify.ProductionModules())
        {
            foreach (var file in Production.MigrationFiles(module.Schema))
            {
                var sql = File.ReadAllText(file);
                seen.AddRange(ArchitectureRules.CreatedObjects(sql).Select(c => (c.Schema, c.Kind)));
                violations.AddRange(ArchitectureRules.MigrationCreateViolations(Production.Relative(file), sql, module.Schema));
            }
        }

        // The parser sees the statements: Identity's staff accounts table is found in its schema.
        Assert.Contains(("identity", "table"), seen);

        Verify.NoViolations(violations, "Migrations create objects only in their own schema");
    }

    [Fact]
    public void Csharp_naming_another_modules_or_a_platform_schema_is_reported()
    {
        const string code = """"
            using Bezirksplattform.Partners.Contracts;
            namespace Bezirksplattform.Content.Features.ListPages;
            internal sealed class Handler(IDbSession db)
            {
                // Content pages link to partner organisations (through the Partners query, not a join).
                public Task Run() => db.QueryAsync<Page>("select * from partners.organisations");
                public Task Jobs() => db.QueryAsync<int>("select count(*) from quartz.qrtz_triggers");
                public Task Mine() => db.QueryAsync<Page>("select * from content.pages p where p.title = @Title");
                public Task Verbatim() => db.QueryAsync<Page>(@"select * from ""identity"".""staff_users""");
                public Task Escaped() => db.QueryAsync<Page>("select * from \"coaching\".sessions");
                public Task Raw() => db.QueryAsync<Page>("""select * from "counselling"."cases" """);
                public string Identity => Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme + identity.Name;
                private static readonly string Partners = nameof(Bezirksplattform.Partners) + "partners. and content";
            }
            """";

        var violations = ArchitectureRules.ForeignSchemaViolations("Pages.cs", code, "content", Schemas, SourceKind.CSharp);

        string[] expected =
        [
            "Pages.cs:6: names 'partners.organisations' in schema partners",
            "Pages.cs:7: names 'quartz.qrtz_triggers' in schema quartz",
            "Pages.cs:9: names '\"\"identity\"\".\"\"staff_users' in schema identity",
            "Pages.cs:10: names '\\\"coaching\\\".sessions' in schema coaching",
            "Pages.cs:11: names '\"counselling\".\"cases' in schema counselling",
        ];
        Assert.Equal(expected.Length, violations.Count);
        foreach (var start in expected)
            Assert.Single(violations, v => v.StartsWith(start, StringComparison.Ordinal));
    }

    [Fact]
    public void Sql_naming_another_modules_or_a_platform_schema_is_reported_but_not_in_comments()
    {
        const string sql = """
            -- Pages are tagged with partners.organisations ids (copied from events, no foreign key).
            create table content.page_partners (page_id uuid not null, organisation_id uuid not null);
            /* the old way: insert into partners.organisations ... */
            insert into content.page_partners select p.id, o.id from content.pages p join PARTNERS.Organisations o on true;
            insert into platform.schema_migrations values ('x', 'y', 'z');
            select * from coaching . sessions;
            """;

        var violations = ArchitectureRules.ForeignSchemaViolations("0002_page_partners.sql", sql, "content", Schemas, SourceKind.Sql);

        Assert.Equal(3, violations.Count);
        Assert.Contains(violations, v => v.StartsWith("0002_page_partners.sql:4:", StringComparison.Ordinal) && v.Contains("schema partners", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("0002_page_partners.sql:5:", StringComparison.Ordinal) && v.Contains("schema platform", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("0002_page_partners.sql:6:", StringComparison.Ordinal) && v.Contains("schema coaching", StringComparison.Ordinal));
    }

    [Fact]
    public void A_migration_creating_objects_outside_its_schema_is_reported()
    {
        const string sql = """
            create schema content;
            create table content.pages (id uuid primary key, title text not null);
            create unique index pages_title on content.pages (title);
            create table partners.page_links (page_id uuid);
            create table pages_archive (id uuid);
            create index if not exists links_by_page on public.links (page_id);
            create or replace function "Coaching".touch() returns trigger language sql as $$ select 1 $$;
            create extension if not exists pg_trgm;
            create temp table scratch (id uuid);
            create schema reporting;
            alter table content.pages set schema partners;
            """;

        var violations = ArchitectureRules.MigrationCreateViolations("0002_pages.sql", sql, "content");

        Assert.Equal(7, violations.Count);
        string[] expected =
        [
            "0002_pages.sql:4: creates table partners.page_links in schema partners",
            "0002_pages.sql:5: creates table pages_archive without a schema",
            "0002_pages.sql:6: creates index on table public.links in schema public",
            "0002_pages.sql:7: creates function \"Coaching\".touch in schema Coaching",
            "0002_pages.sql:8: creates extension pg_trgm without a schema",
            "0002_pages.sql:10: creates schema reporting in schema reporting",
            "0002_pages.sql:11: creates an object via set schema partners in schema partners",
        ];
        foreach (var start in expected)
            Assert.Single(violations, v => v.StartsWith(start, StringComparison.Ordinal));
    }
}
