using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace CbtProgram.Web.Security.RateLimits;

/// <summary>429 with <c>Retry-After</c> (whole seconds) and the calm "please wait a little" page; never a stack trace.</summary>
public sealed class TooManyRequestsResult(TimeSpan retryAfter) : IActionResult
{
    public const string ViewPath = "~/Views/Errors/TooManyRequests.cshtml";

    public TimeSpan RetryAfterTime { get; } = retryAfter < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : retryAfter;

    public Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = Math.Ceiling(RetryAfterTime.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-store";
        var metadata = context.HttpContext.RequestServices.GetRequiredService<IModelMetadataProvider>();
        return new ViewResult
        {
            ViewName = ViewPath,
            StatusCode = StatusCodes.Status429TooManyRequests,
            ViewData = new ViewDataDictionary<TimeSpan>(metadata, new ModelStateDictionary()) { Model = RetryAfterTime },
        }.ExecuteResultAsync(context);
    }

    /// <summary>For the rate limiter's rejection callback, which runs outside MVC.</summary>
    public static Task WriteAsync(HttpContext http, TimeSpan retryAfter) =>
        new TooManyRequestsResult(retryAfter).ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), new ActionDescriptor()));

    public static TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
}
