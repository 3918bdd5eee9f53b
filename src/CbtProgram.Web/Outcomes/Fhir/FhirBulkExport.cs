using System.IO.Compression;
using System.Text.Json;
using CbtProgram.Web.Data;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Outcomes.Fhir;

/// <summary>
/// The whole clinic as FHIR R4, in the spirit of Bulk Data <c>$export</c>: a zip of NDJSON files, one per resource type
/// (Patient, Questionnaire, QuestionnaireResponse, Observation), one resource a line. It is written to the response as
/// it is made: patients are read in batches in id order (keyset, the primary key's index), each batch's lines are
/// compressed and sent before the next is read, so memory stays flat for 100,000 patients.
/// </summary>
public sealed class FhirBulkExport(AppDbContext db, FhirExport export, FhirOptions options)
{
    public static readonly string[] Files = ["Patient.ndjson", "Questionnaire.ndjson", "QuestionnaireResponse.ndjson", "Observation.ndjson"];

    public sealed record Written(int Patients, int Questionnaires, int QuestionnaireResponses, int Observations);

    public async Task<Written> WriteZipAsync(Stream output, CancellationToken cancel = default)
    {
        var measures = await export.MeasuresAsync();
        using var sink = new DrainingBufferStream();
        Written written;
        using (var zip = new ZipArchive(sink, ZipArchiveMode.Create, leaveOpen: true))
        {
            var patients = await WriteEntryAsync(zip, sink, output, Files[0], ids => export.PatientsAsync(ids, cancel), cancel);
            var questionnaires = await WriteEntryAsync(zip, sink, output, Files[1],
                _ => System.Threading.Tasks.Task.FromResult(measures.Values.Select(export.Mapping.ToQuestionnaire).ToList()), cancel, once: true);
            var responses = await WriteEntryAsync(zip, sink, output, Files[2], ids => export.ResponsesAsync(ids, measures, cancel), cancel);
            var observations = await WriteEntryAsync(zip, sink, output, Files[3], ids => export.ObservationsAsync(ids, measures, cancel), cancel);
            written = new Written(patients, questionnaires, responses, observations);
        }
        await sink.DrainToAsync(output, cancel); // the zip's central directory, written when it closed
        return written;
    }

    /// <summary>One NDJSON file: each batch of patients read, its lines compressed into the zip, and sent before the next.</summary>
    private async Task<int> WriteEntryAsync<T>(ZipArchive zip, DrainingBufferStream sink, Stream output, string name,
        Func<IReadOnlyCollection<Guid>, Task<List<T>>> batch, CancellationToken cancel, bool once = false)
        where T : Resource
    {
        var written = 0;
        using var lines = new MemoryStream();
        using var writer = new Utf8JsonWriter(lines);
        using (var entry = zip.CreateEntry(name, CompressionLevel.Fastest).Open())
        {
            await foreach (var ids in once ? One() : PatientBatchesAsync(cancel))
            {
                lines.SetLength(0);
                foreach (var resource in await batch(ids))
                {
                    FhirJson.AppendLine(resource, writer, lines);
                    written++;
                }
                entry.Write(lines.GetBuffer().AsSpan(0, (int)lines.Length));
                await sink.DrainToAsync(output, cancel);
            }
        }
        await sink.DrainToAsync(output, cancel);
        return written;
    }

    private static async IAsyncEnumerable<IReadOnlyCollection<Guid>> One()
    {
        await System.Threading.Tasks.Task.CompletedTask;
        yield return [];
    }

    /// <summary>Every patient's id, <see cref="FhirOptions.BatchSize"/> at a time, in id order: each batch is one indexed query.</summary>
    private async IAsyncEnumerable<IReadOnlyCollection<Guid>> PatientBatchesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancel)
    {
        Guid? after = null;
        while (true)
        {
            var query = db.Patients.AsNoTracking();
            if (after is { } last)
                query = query.Where(p => p.Id.CompareTo(last) > 0);
            var ids = await query.OrderBy(p => p.Id).Select(p => p.Id).Take(Math.Max(1, options.BatchSize)).ToListAsync(cancel);
            if (ids.Count == 0)
                yield break;
            yield return ids;
            after = ids[^1];
            db.ChangeTracker.Clear();
        }
    }
}
