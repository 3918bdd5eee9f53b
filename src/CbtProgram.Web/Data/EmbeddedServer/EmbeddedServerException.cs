namespace CbtProgram.Web.Data.EmbeddedServer;

/// <summary>The embedded database could not be provided; the message is one plain sentence for the person at the terminal.</summary>
public sealed class EmbeddedServerException(string message) : Exception(message);
