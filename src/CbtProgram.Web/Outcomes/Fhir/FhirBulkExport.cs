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
        var zip = await ZipArchive.CreateAsync(output, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, cancel);
        await using (zip)
        {
            var patients = await WriteEntryAsync(zip, Files[0], ids => export.PatientsAsync(ids, cancel), cancel);
            var questionnaires = await WriteEntryAsync(zip, Files[1], measures.Values.Select(export.Mapping.ToQuestionnaire), cancel);
            var responses = await WriteEntryAsync(zip, Files[2], ids => export.ResponsesAsync(ids, measures, cancel), cancel);
            var observations = await WriteEntryAsync(zip, Files[3], ids => export.ObservationsAsync(ids, measures, cancel), cancel);
            return new Written(patients, questionnaires, responses, observations);
        }
    }

    private async Task<int> WriteEntryAsync<T>(ZipArchive zip, string name, Func<IReadOnlyCollection<Guid>, Task<List<T>>> batch, CancellationToken cancel)
        where T : Resource
    {
        var written = 0;
        await using var entry = await zip.CreateEntry(name, CompressionLevel.Fastest).OpenAsync(cancel);
        using var buffer = new MemoryStream();
        await using var writer = new Utf8JsonWriter(buffer);
        await foreach (var ids in PatientBatchesAsync(cancel))
        {
            buffer.SetLength(0);
            foreach (var resource in await batch(ids))
            {
                FhirJson.AppendLine(resource, writer, buffer);
                written++;
            }
            await entry.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancel);
        }
        return written;
    }

    private static async Task<int> WriteEntryAsync(ZipArchive zip, string name, IEnumerable<Resource> resources, CancellationToken cancel)
    {
        var written = 0;
        await using var entry = await zip.CreateEntry(name, CompressionLevel.Fastest).OpenAsync(cancel);
        using var buffer = new MemoryStream();
        await using var writer = new Utf8JsonWriter(buffer);
        foreach (var resource in resources)
        {
            FhirJson.AppendLine(resource, writer, buffer);
            written++;
        }
        await entry.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancel);
        return written;
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
