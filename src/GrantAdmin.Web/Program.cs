using GrantAdmin.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddGrantAdmin();
var app = builder.Build();

app.PrepareDatabase();
if (args.Contains("--migrate-only"))
{
    // For a production pipeline: migrate and load reference data, then stop.
    return;
}

app.UseGrantAdmin();
app.Run();

public partial class Program;
