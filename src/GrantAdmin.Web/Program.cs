using GrantAdmin.Web;
using GrantAdmin.Web.Infrastructure.Hosting;

var timeline = new StartupTimeline(TimeProvider.System);
var builder = WebApplication.CreateBuilder(args);
timeline.Mark("configuration read");
builder.AddGrantAdmin();
timeline.Mark("services registered");
var app = builder.Build();
timeline.LogTo(app.Logger, "container built");

app.PrepareDatabase(timeline);
if (args.Contains("--migrate-only"))
{
    // For a production pipeline: migrate and load reference data, then stop.
    return;
}

timeline.UseFirstRequestMark(app);
app.UseGrantAdmin();
timeline.Mark("settings validated, pipeline built");
app.Lifetime.ApplicationStarted.Register(() => timeline.Mark("hosted services started (jobs, PDF warm-up), listening"));
app.Run();

public partial class Program;
