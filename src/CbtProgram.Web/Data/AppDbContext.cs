using CbtProgram.Web.Accounts;
using CbtProgram.Web.Domain.Curriculum;
using CbtProgram.Web.Domain.Diary;
using CbtProgram.Web.Domain.Enrolments;
using CbtProgram.Web.Domain.Invitations;
using CbtProgram.Web.Domain.Measures;
using CbtProgram.Web.Domain.Safety;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Notifications;
using CbtProgram.Web.Domain.Patients;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Data;

/// <summary>The one database context: Identity, the program's own tables and the Data Protection key ring.</summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options)
    : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    public DbSet<Patient> Patients => Set<Patient>();
    public DbSet<PatientModule> PatientModules => Set<PatientModule>();
    public DbSet<ModuleVersion> ModuleVersions => Set<ModuleVersion>();
    public DbSet<CurriculumDocument> CurriculumDocuments => Set<CurriculumDocument>();
    public DbSet<ProgramSettingsVersion> ProgramSettingsVersions => Set<ProgramSettingsVersion>();
    public DbSet<StepAnswer> StepAnswers => Set<StepAnswer>();
    public DbSet<Enrolment> Enrolments => Set<Enrolment>();
    public DbSet<ScheduledEvent> ScheduledEvents => Set<ScheduledEvent>();
    public DbSet<MeasureResponse> MeasureResponses => Set<MeasureResponse>();
    public DbSet<RiskAlert> RiskAlerts => Set<RiskAlert>();
    public DbSet<QuestionnaireDraft> QuestionnaireDrafts => Set<QuestionnaireDraft>();
    public DbSet<DiaryEntry> DiaryEntries => Set<DiaryEntry>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<Notice> Notices => Set<Notice>();
    public DbSet<Domain.Care.ClinicalNote> ClinicalNotes => Set<Domain.Care.ClinicalNote>();
    public DbSet<Domain.Care.Message> Messages => Set<Domain.Care.Message>();
    public DbSet<Domain.Audit.AuditEntry> AuditEntries => Set<Domain.Audit.AuditEntry>();
    public DbSet<Accounts.Sessions.UserSession> UserSessions => Set<Accounts.Sessions.UserSession>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Notifications.Push.PushDevice> PushDevices => Set<Notifications.Push.PushDevice>();
    public DbSet<Notifications.Push.ReminderPreferences> ReminderPreferences => Set<Notifications.Push.ReminderPreferences>();
    public DbSet<Notifications.Push.VapidKeyPair> VapidKeyPairs => Set<Notifications.Push.VapidKeyPair>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }
}
