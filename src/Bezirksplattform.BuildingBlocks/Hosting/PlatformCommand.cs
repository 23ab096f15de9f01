namespace Bezirksplattform.BuildingBlocks.Hosting;

/// <summary>
/// A command-line verb of the host (<c>dotnet Bezirksplattform.Host.dll &lt;name&gt; …</c>), run
/// after migrations instead of the web server. Modules contribute their own, e.g. create-admin.
/// </summary>
public sealed record PlatformCommand(string Name, string Usage, Func<IServiceProvider, string[], CancellationToken, Task<int>> RunAsync);
