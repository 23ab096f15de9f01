using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Modules;
using MediatR;

namespace Bezirksplattform.ArchitectureTests;

/// <summary>What the layout rule needs to know of one module.</summary>
internal sealed record ModuleLayout(
    string Name, string Schema, string AssemblyName, string? ContractsAssemblyName, IReadOnlyCollection<string> EmbeddedResources);

/// <summary>The message types of one module: its Contracts assembly's types and its module assembly's types.</summary>
internal sealed record ModuleMessages(string Name, string Schema, IReadOnlyList<Type> ContractsTypes, IReadOnlyList<Type> ModuleTypes);

/// <summary>Where scanned text comes from: C# is matched case-sensitively as is; SQL without comments and case-insensitively.</summary>
internal enum SourceKind { CSharp, Sql }

/// <summary>A schema-qualified object a migration creates (or, for indexes, triggers, policies and rules, the table it is created on).</summary>
internal sealed record CreatedObject(string Kind, string Schema, string Name, int Line);

/// <summary>
/// The architecture rules (docs: /ARCHITECTURE.md, conventions 2–5) as pure functions: each takes
/// its input (types, assembly names, text) and returns the violations, one string per offender.
/// The tests run them over the production modules and over inputs that break them on purpose.
/// </summary>
internal static partial class ArchitectureRules
{
    public const string Prefix = "Bezirksplattform.";
    public const string BuildingBlocks = "Bezirksplattform.BuildingBlocks";
    public const string BuildingBlocksContracts = "Bezirksplattform.BuildingBlocks.Contracts";

    /// <summary>Schemas no module owns but the platform does; module SQL never names them.</summary>
    public static readonly IReadOnlyList<string> PlatformSchemas = ["quartz", "platform"];

    private static readonly string[] ReservedSchemas = ["quartz", "platform", "public", "information_schema"];

    public static bool IsPlatformAssembly(string? name) =>
        name is not null && (name.Equals("Bezirksplattform", StringComparison.OrdinalIgnoreCase)
                             || name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase));

    // ---------------------------------------------------------------- convention 2: internal by default

    /// <summary>In a module assembly the only public type is its one registration class (a <see cref="PlatformModule"/>).</summary>
    public static IReadOnlyList<string> ModulePublicTypeViolations(string assemblyName, IEnumerable<Type> types)
    {
        var visible = types.Where(t => t.IsVisible && !IsCompilerGenerated(t)).ToList();
        var registrations = visible.Where(t => t.IsClass && !t.IsAbstract && t.IsSubclassOf(typeof(PlatformModule))).ToList();
        var violations = visible.Except(registrations)
            .Select(t => $"{assemblyName}: {t.FullName} is public; only the module's registration class (its PlatformModule) may be.")
            .ToList();
        if (registrations.Count != 1)
            violations.Add($"{assemblyName}: expected exactly one public PlatformModule subclass, found {registrations.Count}"
                           + (registrations.Count == 0 ? "." : $" ({string.Join(", ", registrations.Select(t => t.FullName))})."));
        return violations;
    }

    /// <summary>
    /// A Contracts assembly's public types are integration events, queries (<see cref="IQuery{TResult}"/>) or plain
    /// sealed records (query results, event payloads). Never a command or another kind of MediatR message.
    /// </summary>
    public static IReadOnlyList<string> ContractsPublicTypeViolations(string assemblyName, IEnumerable<Type> types) =>
        types.Where(t => t.IsVisible && !IsCompilerGenerated(t))
            .Select(t => (Type: t, Problem: ContractsTypeProblem(t)))
            .Where(x => x.Problem is not null)
            .Select(x => $"{assemblyName}: public {x.Type.FullName} {x.Problem}")
            .ToList();

    private static string? ContractsTypeProblem(Type type)
    {
        if (type.IsInterface) return "is an interface; Contracts hold records only.";
        if (Implements(type, typeof(ICommand<>))) return "is a command (ICommand<>); Contracts declare queries and events, never commands.";
        if (IsIntegrationEvent(type)) return null;
        if (Implements(type, typeof(IQuery<>))) return null;
        if (IsMediatRRequest(type)) return "is a MediatR request that is not an IQuery<>; other modules may only send queries.";
        if (typeof(INotification).IsAssignableFrom(type)) return "is a MediatR notification that does not derive IntegrationEvent.";
        if (IsRecordClass(type) && type.IsSealed) return null;
        if (type.IsEnum) return null; // a closed vocabulary in a payload, serialised as its name
        return $"is a {KindOf(type)}; a Contracts type must be an IntegrationEvent, an IQuery<>, a sealed record or an enum.";
    }

    // ---------------------------------------------------------------- convention 3: references are the boundary

    /// <summary>
    /// Among Bezirksplattform.* assemblies a module assembly references only BuildingBlocks, BuildingBlocks.Contracts
    /// and modules' Contracts (its own and others'): never another module assembly, the host or anything else.
    /// </summary>
    public static IReadOnlyList<string> ModuleReferenceViolations(
        string moduleName, IEnumerable<string> referencedAssemblies, IReadOnlyCollection<string> moduleNames)
    {
        var allowed = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { BuildingBlocks, BuildingBlocksContracts };
        allowed.UnionWith(moduleNames.Select(n => Prefix + n + ".Contracts"));
        return referencedAssemblies
            .Where(r => IsPlatformAssembly(r) && !allowed.Contains(r))
            .Select(r => $"{Prefix}{moduleName} references {r}; a module may reference only {BuildingBlocks}, "
                         + $"{BuildingBlocksContracts} and modules' Contracts.")
            .ToList();
    }

    /// <summary>
    /// A Contracts assembly references, among Bezirksplattform.*, only BuildingBlocks.Contracts; among the rest only
    /// MediatR and assemblies of the .NET shared framework (<paramref name="frameworkAssemblies"/>).
    /// </summary>
    public static IReadOnlyList<string> ContractsReferenceViolations(
        string contractsAssemblyName, IEnumerable<string> referencedAssemblies, IReadOnlySet<string> frameworkAssemblies)
    {
        var violations = new List<string>();
        foreach (var reference in referencedAssemblies)
        {
            if (IsPlatformAssembly(reference))
            {
                if (!reference.Equals(BuildingBlocksContracts, StringComparison.OrdinalIgnoreCase))
                    violations.Add($"{contractsAssemblyName} references {reference}; Contracts may reference only {BuildingBlocksContracts}.");
            }
            else if (!reference.Equals("MediatR", StringComparison.OrdinalIgnoreCase) && !frameworkAssemblies.Contains(reference))
            {
                violations.Add($"{contractsAssemblyName} references {reference}; Contracts may reference only MediatR and the .NET framework.");
            }
        }

        return violations;
    }

    /// <summary>Names of the assemblies of the running .NET shared framework (Microsoft.NETCore.App): System.*, netstandard, …</summary>
    public static IReadOnlySet<string> FrameworkAssemblyNames()
    {
        var directory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return Directory.EnumerateFiles(directory, "*.dll")
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    // ---------------------------------------------------------------- convention 4: modules talk only through messages

    /// <summary>
    /// Every integration event (in a Contracts or a module assembly) carries an [IntegrationEventName] of the form
    /// <c>&lt;schema&gt;.&lt;kebab-name&gt;.v&lt;n&gt;</c> with its own module's schema; names are unique across modules;
    /// a Contracts assembly declares no command and no MediatR request that is not a query.
    /// </summary>
    public static IReadOnlyList<string> MessagingViolations(IEnumerable<ModuleMessages> modules)
    {
        var violations = new List<string>();
        var typesByName = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var module in modules)
        {
            var pattern = new Regex("^" + Regex.Escape(module.Schema) + @"\.[a-z0-9-]+\.v[0-9]+\z", RegexOptions.CultureInvariant);
            foreach (var type in module.ContractsTypes.Concat(module.ModuleTypes).Where(IsIntegrationEvent).Distinct())
            {
                var name = type.GetCustomAttribute<IntegrationEventNameAttribute>(inherit: false)?.Name;
                if (name is null)
                {
                    violations.Add($"{module.Name}: integration event {type.FullName} has no [IntegrationEventName(\"{module.Schema}.event-name.v1\")].");
                    continue;
                }

                if (!pattern.IsMatch(name))
                    violations.Add($"{module.Name}: integration event {type.FullName} is named '{name}'; "
                                   + $"expected {module.Schema}.<kebab-case-name>.v<number>.");
                if (!typesByName.TryGetValue(name, out var owners)) typesByName[name] = owners = [];
                owners.Add($"{type.FullName} ({module.Name})");
            }

            foreach (var type in module.ContractsTypes.Where(t => !IsCompilerGenerated(t)))
            {
                if (Implements(type, typeof(ICommand<>)))
                    violations.Add($"{module.Name}: Contracts declare the command {type.FullName}; commands stay inside their module.");
                else if (IsMediatRRequest(type) && !Implements(type, typeof(IQuery<>)))
                    violations.Add($"{module.Name}: Contracts declare the request {type.FullName}, which is not an IQuery<>.");
            }
        }

        violations.AddRange(typesByName.Where(e => e.Value.Count > 1)
            .Select(e => $"Integration event name '{e.Key}' is used by {string.Join(" and ", e.Value)}."));
        return violations;
    }

    // ---------------------------------------------------------------- convention 5: SQL names only the module's own schema

    /// <summary>
    /// References <c>schema.object</c> to another module's schema or a platform schema (quartz, platform) in
    /// <paramref name="text"/>. C# is matched case-sensitively (schemas are lower case, namespaces are not) and a
    /// match preceded by '.' or a word character is ignored (<c>Bezirksplattform.Content.Contracts</c>). SQL is
    /// matched without its comments and case-insensitively, as PostgreSQL folds unquoted names.
    /// </summary>
    public static IReadOnlyList<string> ForeignSchemaViolations(
        string source, string text, string ownSchema, IEnumerable<string> moduleSchemas, SourceKind kind)
    {
        var forbidden = moduleSchemas.Where(s => s != ownSchema).Concat(PlatformSchemas).Distinct().ToList();
        return SchemaReferences(text, forbidden, kind)
            .Select(r => $"{source}:{r.Line}: names '{r.Text}' in schema {r.Schema}; module {ownSchema} may name only its own schema.")
            .ToList();
    }

    /// <summary>Every <c>schema.object</c> reference to one of <paramref name="schemas"/>, with its line.</summary>
    public static IReadOnlyList<(string Schema, string Text, int Line)> SchemaReferences(string text, IEnumerable<string> schemas, SourceKind kind)
    {
        var alternatives = string.Join("|", schemas.Select(Regex.Escape));
        if (alternatives.Length == 0) return [];
        var scanned = kind == SourceKind.Sql ? StripSqlComments(text) : text;
        // SQL may put spaces around the dot and quote identifiers; in C# a space after a dot is prose, not SQL.
        var dot = kind == SourceKind.Sql ? @"\s*\.\s*" : @"\.";
        var options = RegexOptions.CultureInvariant | (kind == SourceKind.Sql ? RegexOptions.IgnoreCase : RegexOptions.None);
        // A quoted identifier may be written "x" (SQL, raw strings), ""x"" (verbatim strings) or \"x\" (regular strings).
        const string quote = @"(?:""""|\\""|"")?";
        var regex = new Regex($@"(?<![.\w""\\]){quote}(?<schema>{alternatives}){quote}{dot}{quote}[a-z_][a-z0-9_]*", options);
        return regex.Matches(scanned)
            .Select(m => (m.Groups["schema"].Value.ToLowerInvariant(), m.Value, LineOf(scanned, m.Index)))
            .ToList();
    }

    /// <summary>A migration creates objects only in its own schema: schema-qualified, and indexes/triggers only on its own tables.</summary>
    public static IReadOnlyList<string> MigrationCreateViolations(string source, string sql, string ownSchema)
    {
        var violations = new List<string>();
        foreach (var created in CreatedObjects(sql))
        {
            if (created.Schema == ownSchema) continue;
            var where = created.Schema.Length == 0 ? "without a schema (it would land in the search path, i.e. public)" : $"in schema {created.Schema}";
            violations.Add($"{source}:{created.Line}: creates {created.Kind} {created.Name} {where}; migrations/{ownSchema}/ may create objects only in schema {ownSchema}.");
        }

        return violations;
    }

    /// <summary>The objects a migration's <c>create</c> statements make, with the schema each lands in ("" if unqualified).</summary>
    public static IReadOnlyList<CreatedObject> CreatedObjects(string sql)
    {
        var text = StripSqlComments(sql);
        var result = new List<CreatedObject>();
        foreach (Match match in CreateStatement().Matches(text))
        {
            var modifiers = match.Groups["modifiers"].Value.ToLowerInvariant();
            var kind = Regex.Replace(match.Groups["kind"].Value.ToLowerInvariant(), @"\s+", " ");
            var rest = match.Groups["rest"].Value;
            var line = LineOf(text, match.Index);
            switch (kind)
            {
                case "schema":
                {
                    var name = LeadingIdentifier().Match(rest);
                    var schema = name.Success ? Unquote(name.Groups["first"].Value) : "";
                    result.Add(new CreatedObject(kind, schema, schema, line));
                    break;
                }
                case "index" or "trigger" or "policy" or "rule":
                {
                    // Named freely, but they live on a table (a rule: "as on <event> to <table>"): that table must be the module's.
                    var target = (kind == "rule" ? RuleTarget() : OnTarget()).Match(rest);
                    result.Add(new CreatedObject(kind + " on table", SchemaOf(target), target.Success ? target.Groups["name"].Value : "(unparsed)", line));
                    break;
                }
                case "extension":
                {
                    var target = ExtensionSchema().Match(rest);
                    result.Add(new CreatedObject(kind, target.Success ? Unquote(target.Groups["schema"].Value) : "",
                        LeadingIdentifier().Match(rest).Groups["name"].Value, line));
                    break;
                }
                case "table" when modifiers.Contains("temp", StringComparison.Ordinal):
                    break; // a temporary table lives in the session's pg_temp schema and vanishes with it
                case "event trigger" or "language" or "role" or "user" or "group" or "database" or "tablespace" or "server"
                    or "publication" or "subscription" or "cast" or "foreign data wrapper" or "user mapping" or "access method":
                    result.Add(new CreatedObject(kind, "(cluster or database wide)", LeadingIdentifier().Match(rest).Groups["name"].Value, line));
                    break;
                default:
                {
                    var name = LeadingIdentifier().Match(rest);
                    result.Add(new CreatedObject(kind, SchemaOf(name), name.Success ? name.Groups["name"].Value : "(unparsed)", line));
                    break;
                }
            }
        }

        foreach (Match match in SetSchema().Matches(text))
            result.Add(new CreatedObject("an object via", Unquote(match.Groups["schema"].Value), match.Value, LineOf(text, match.Index)));
        return result;
    }

    [GeneratedRegex("""
        \bcreate\s+(?:or\s+replace\s+)?
        (?<modifiers>(?:(?:global|local|temp|temporary|unlogged|unique|materialized|recursive|constraint|trusted|procedural|default)\s+)*)
        (?<kind>event\s+trigger|foreign\s+data\s+wrapper|foreign\s+table|user\s+mapping|access\s+method|text\s+search\s+\w+|operator\s+class|operator\s+family
           |schema|table|view|sequence|function|procedure|type|domain|aggregate|collation|conversion|statistics|operator
           |extension|index|trigger|policy|rule|language|role|user|group|database|tablespace|server|publication|subscription|cast)\b
        (?<rest>[^;]*)
        """, RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex CreateStatement();

    /// <summary>The object name after the keyword, skipping <c>if not exists</c>/<c>concurrently</c>: <c>name</c> or <c>schema.name</c>.</summary>
    [GeneratedRegex("""
        \A\s*(?:(?:if\s+not\s+exists|concurrently)\s+)*
        (?<name>(?<first>"[^"]+"|[\w$]+)(?:\s*\.\s*(?<second>"[^"]+"|[\w$]+))?)
        """, RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex LeadingIdentifier();

    [GeneratedRegex("""\bon\s+(?:only\s+)?(?<name>(?<first>"[^"]+"|[\w$]+)(?:\s*\.\s*(?<second>"[^"]+"|[\w$]+))?)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OnTarget();

    [GeneratedRegex("""\bto\s+(?:only\s+)?(?<name>(?<first>"[^"]+"|[\w$]+)(?:\s*\.\s*(?<second>"[^"]+"|[\w$]+))?)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RuleTarget();

    [GeneratedRegex("""\bschema\s+(?<schema>"[^"]+"|[\w$]+)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ExtensionSchema();

    [GeneratedRegex("""\bset\s+schema\s+(?<schema>"[^"]+"|[\w$]+)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SetSchema();

    /// <summary>The schema of a matched <c>first[.second]</c> name; "" when it is unqualified (or did not match).</summary>
    private static string SchemaOf(Match name) =>
        name.Success && name.Groups["second"].Success ? Unquote(name.Groups["first"].Value) : "";

    /// <summary>PostgreSQL folds unquoted names to lower case; quoted ones are taken as written.</summary>
    private static string Unquote(string identifier) =>
        identifier.Length >= 2 && identifier[0] == '"' && identifier[^1] == '"' ? identifier[1..^1] : identifier.ToLowerInvariant();

    /// <summary>Replaces <c>-- …</c> and (nested) <c>/* … */</c> comments with spaces, keeping line breaks and string literals.</summary>
    public static string StripSqlComments(string sql)
    {
        var result = new StringBuilder(sql.Length);
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c is '\'' or '"')
            {
                var end = sql.IndexOf(c, i + 1);
                while (end >= 0 && end + 1 < sql.Length && sql[end + 1] == c) end = sql.IndexOf(c, end + 2); // '' and "" escapes
                end = end < 0 ? sql.Length - 1 : end;
                result.Append(sql, i, end - i + 1);
                i = end + 1;
            }
            else if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                while (i < sql.Length && sql[i] != '\n') { result.Append(' '); i++; }
            }
            else if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                var depth = 0;
                do
                {
                    if (sql[i] == '/' && i + 1 < sql.Length && sql[i + 1] == '*') { depth++; result.Append("  "); i += 2; }
                    else if (sql[i] == '*' && i + 1 < sql.Length && sql[i + 1] == '/') { depth--; result.Append("  "); i += 2; }
                    else { result.Append(sql[i] == '\n' ? '\n' : ' '); i++; }
                }
                while (depth > 0 && i < sql.Length);
            }
            else
            {
                result.Append(c);
                i++;
            }
        }

        return result.ToString();
    }

    // ---------------------------------------------------------------- module layout: schema, folders, first migration

    [GeneratedRegex(@"^\d{4}_[a-z0-9_]+\.sql$")]
    private static partial Regex MigrationFileName();

    [GeneratedRegex(@"^[a-z_][a-z0-9_]*$")]
    private static partial Regex SchemaName();

    /// <summary>
    /// Each module: assemblies named Bezirksplattform.&lt;Name&gt;(.Contracts), a folder modules/&lt;Name&gt;/, a lower-case
    /// schema no other module (nor the platform) uses. Its own tables live in migrations/&lt;schema&gt;/ (optional while
    /// the module has none: the platform creates the schema with its outbox and inbox), which starts with 0001_*.sql;
    /// every file there is NNNN_snake_case.sql and embedded in the module assembly. No migrations folder belongs to no module.
    /// </summary>
    public static IReadOnlyList<string> LayoutViolations(
        IReadOnlyList<ModuleLayout> modules,
        IReadOnlyDictionary<string, IReadOnlyList<string>> migrationFolders,
        IReadOnlyCollection<string> moduleFolders)
    {
        var violations = new List<string>();
        foreach (var group in modules.GroupBy(m => m.Schema, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            violations.Add($"Schema '{group.Key}' is claimed by {string.Join(" and ", group.Select(m => m.Name))}; each module owns its own schema.");

        foreach (var module in modules)
        {
            if (module.AssemblyName != Prefix + module.Name)
                violations.Add($"{module.Name}: its assembly is {module.AssemblyName}, expected {Prefix}{module.Name}.");
            if (module.ContractsAssemblyName != Prefix + module.Name + ".Contracts")
                violations.Add($"{module.Name}: its Contracts assembly is {module.ContractsAssemblyName ?? "missing"}, expected {Prefix}{module.Name}.Contracts.");
            if (!moduleFolders.Contains(module.Name))
                violations.Add($"{module.Name}: there is no folder modules/{module.Name}/.");
            if (!SchemaName().IsMatch(module.Schema) || ReservedSchemas.Contains(module.Schema) || module.Schema.StartsWith("pg_", StringComparison.Ordinal))
                violations.Add($"{module.Name}: schema '{module.Schema}' must be lower-case snake_case and not one of {string.Join(", ", ReservedSchemas)}, pg_*.");

            if (!migrationFolders.TryGetValue(module.Schema, out var files))
            {
                if (module.EmbeddedResources.Any(r => r.StartsWith("migrations/", StringComparison.Ordinal)))
                    violations.Add($"{module.Name}: embeds migrations but there is no folder migrations/{module.Schema}/ (check <ModuleSchema> in its .csproj).");
                continue;
            }

            if (!files.Any(f => f.StartsWith("0001_", StringComparison.Ordinal) && f.EndsWith(".sql", StringComparison.Ordinal)))
                violations.Add($"{module.Name}: migrations/{module.Schema}/ has no 0001_*.sql.");
            foreach (var file in files)
            {
                if (!MigrationFileName().IsMatch(file))
                    violations.Add($"{module.Name}: migrations/{module.Schema}/{file} is not named NNNN_snake_case.sql.");
                else if (!module.EmbeddedResources.Contains($"migrations/{module.Schema}/{file}"))
                    violations.Add($"{module.Name}: migrations/{module.Schema}/{file} is not embedded in {module.AssemblyName} (check <ModuleSchema> in its .csproj).");
            }
        }

        foreach (var folder in migrationFolders.Keys.Where(f => modules.All(m => m.Schema != f)))
            violations.Add($"migrations/{folder}/ belongs to no module; its files would never be applied.");
        return violations;
    }

    // ---------------------------------------------------------------- helpers

    public static bool IsCompilerGenerated(Type type) =>
        type.Name.StartsWith('<') || type.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false)
                                  || (type.DeclaringType is { } outer && IsCompilerGenerated(outer));

    public static bool IsIntegrationEvent(Type type) => type != typeof(IntegrationEvent) && typeof(IntegrationEvent).IsAssignableFrom(type);

    public static bool Implements(Type type, Type openGenericInterface) =>
        type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == openGenericInterface);

    private static bool IsMediatRRequest(Type type) => typeof(IRequest).IsAssignableFrom(type) || Implements(type, typeof(IRequest<>));

    /// <summary>A <c>record class</c>: the compiler gives it a public <c>&lt;Clone&gt;$</c> method.</summary>
    private static bool IsRecordClass(Type type) =>
        type.IsClass && type.GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance) is not null;

    private static string KindOf(Type type) => type switch
    {
        { IsEnum: true } => "enum",
        { IsValueType: true } => "struct",
        { IsAbstract: true, IsSealed: true } => "static class",
        _ when typeof(Delegate).IsAssignableFrom(type) => "delegate",
        _ when IsRecordClass(type) => "record that is not sealed",
        _ => "class",
    };

    private static int LineOf(string text, int index)
    {
        var line = 1;
        for (var i = 0; i < index; i++)
            if (text[i] == '\n') line++;
        return line;
    }
}
