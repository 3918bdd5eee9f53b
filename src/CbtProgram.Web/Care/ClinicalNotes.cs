using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Care;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Care;

public sealed record NoteView(Guid Id, string AuthorName, string Text, DateTimeOffset WrittenAt);

/// <summary>Private clinical notes: written and read by therapists and admins only, never shown to the patient.</summary>
public sealed class ClinicalNotes(AppDbContext db, AuditLog audit, TimeProvider clock)
{
    public Task<List<NoteView>> ForPatientAsync(Guid patientId) =>
        (from note in db.ClinicalNotes
         join author in db.Users on note.AuthorId equals author.Id
         where note.PatientId == patientId
         orderby note.WrittenAt descending
         select new NoteView(note.Id, author.DisplayName, note.Text, note.WrittenAt)).AsNoTracking().ToListAsync();

    public async Task<string?> AddAsync(Guid patientId, string authorId, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return "Write the note first.";
        if (text.Trim().Length > ClinicalNote.MaxLength)
            return $"Keep the note under {ClinicalNote.MaxLength} characters.";
        db.ClinicalNotes.Add(new ClinicalNote(patientId, authorId, text, clock.GetUtcNow()));
        audit.Record(authorId, patientId, "wrote clinical note");
        await db.SaveChangesAsync();
        return null;
    }
}
