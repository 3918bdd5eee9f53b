using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace CbtProgram.Web.Outcomes.Fhir;

/// <summary>FHIR JSON through Firely's serializer: indented for one patient's Bundle, one line per resource for NDJSON.</summary>
public static class FhirJson
{
    public const string MediaType = "application/fhir+json";
    public const string NdjsonMediaType = "application/fhir+ndjson";

    private static readonly BaseFhirJsonSerializer Serializer = new(ModelInfo.ModelInspector);

    public static byte[] Indented(Resource resource)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            Serializer.Serialize(resource, writer);
        return buffer.ToArray();
    }

    /// <summary>Appends the resource as one line of NDJSON (no line breaks inside, a newline after).</summary>
    public static void AppendLine(Resource resource, Utf8JsonWriter writer, Stream buffer)
    {
        writer.Reset(buffer);
        Serializer.Serialize(resource, writer);
        writer.Flush();
        buffer.WriteByte((byte)'\n');
    }
}
