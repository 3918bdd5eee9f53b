using CbtProgram.Web.Curriculum.Settings;
using CbtProgram.Web.Data.EmbeddedServer;
using Microsoft.AspNetCore.Connections;
using Npgsql;

namespace CbtProgram.Web.Hosting;

/// <summary>Turns the ways start-up can fail into one plain sentence; anything else stays an error with its trace.</summary>
public static class StartupFailure
{
    public static string? Explain(Exception e) => e switch
    {
        PortInUseException port => port.Message,
        Safety.ClinicSettingsException clinic => clinic.Message,
        EmbeddedServerException embedded => embedded.Message,
        UnsafeSettingsException unsafeSettings => unsafeSettings.Message,
        Security.UnsafeDeploymentException unsafeDeployment => unsafeDeployment.Message,
        IOException { InnerException: AddressInUseException } => "the site's port is already in use by another program: stop that program, or choose another port with --urls.",
        PostgresException db => $"the database refused a start-up step ({db.SqlState}: {db.MessageText}); if this is a local database from an older version of the site, remove its data folder and start again.",
        NpgsqlException db => $"the database could not be reached ({db.Message.TrimEnd('.')}): check ConnectionStrings__Cbt and that the server is running.",
        _ => null,
    };
}
