using Bezirksplattform.BuildingBlocks.Http;
using Bezirksplattform.Content.Features.GetFile;
using Bezirksplattform.Content.Features.GetFileContent;
using Bezirksplattform.Content.Features.GetPublicDownload;
using Bezirksplattform.Content.Features.GetPublicDownloadFile;
using Bezirksplattform.Content.Features.GetPublicImage;
using Bezirksplattform.Content.Features.GetPublicImageFile;
using Bezirksplattform.Content.Features.ListDownloads;
using Bezirksplattform.Content.Features.ListImages;
using Bezirksplattform.Content.Features.UpdateFileMetadata;
using Bezirksplattform.Content.Features.UploadDownload;
using Bezirksplattform.Content.Features.UploadImage;
using Bezirksplattform.Content.Files;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// In the module's root namespace so that ContentModule calls these without a using of its own.
namespace Bezirksplattform.Content;

/// <summary>Services and routes of content files (images and downloads).</summary>
internal static class ContentFilesSetup
{
    public static IServiceCollection AddContentFiles(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(ContentFilesOptions.Section).Get<ContentFilesOptions>() ?? new ContentFilesOptions();
        options.Validate();
        services.AddSingleton(options);
        services.AddSingleton<IFileStorage>(sp => new LocalFolderFileStorage(
            options.RootFolder(sp.GetRequiredService<IHostEnvironment>().ContentRootPath),
            sp.GetRequiredService<ILogger<LocalFolderFileStorage>>()));
        services.AddSingleton<FileDelivery>();
        services.AddScoped<StoredFileCleanup>();
        services.AddScoped<FileUploader>();
        return services;
    }

    public static void MapContentFiles(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<ContentFilesOptions>();

        var staff = endpoints.MapStaffApi("content", "Inhalte");
        staff.MapUploadImage(options);
        staff.MapUploadDownload(options);
        staff.MapListImages();
        staff.MapListDownloads();
        staff.MapGetFile();
        staff.MapUpdateFileMetadata();
        staff.MapGetFileContent();
    }

    /// <summary>The public file routes, inside the site group so the site's key check, rate limit and CORS apply.</summary>
    public static void MapPublicContentFiles(this IEndpointRouteBuilder site)
    {
        site.MapGetPublicDownload();
        site.MapGetPublicDownloadFile();
        site.MapGetPublicImage();
        site.MapGetPublicImageFile();
    }
}
