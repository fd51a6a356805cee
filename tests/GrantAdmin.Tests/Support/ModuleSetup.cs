using System.Runtime.CompilerServices;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Tests.Support;

internal static class ModuleSetup
{
    [ModuleInitializer]
    internal static void MapTestRecords()
    {
        TypeHandlers.Register();
        TypeHandlers.MapPositionalRecords(typeof(ModuleSetup).Assembly);
    }
}
