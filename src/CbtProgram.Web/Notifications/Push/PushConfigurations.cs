using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CbtProgram.Web.Notifications.Push;

internal sealed class PushDeviceConfiguration : IEntityTypeConfiguration<PushDevice>
{
    public void Configure(EntityTypeBuilder<PushDevice> device)
    {
        device.ToTable("push_devices");
        device.HasKey(d => d.Id);
        // One browser is one device: a second subscription from it replaces the first.
        device.HasIndex(d => d.Endpoint).IsUnique();
        device.HasIndex(d => d.PatientId);
        device.HasOne<Domain.Patients.Patient>().WithMany().HasForeignKey(d => d.PatientId).OnDelete(DeleteBehavior.Cascade);
        device.Property(d => d.Endpoint).HasMaxLength(PushDevice.EndpointLength);
        device.Property(d => d.P256dh).HasMaxLength(PushDevice.KeyLength);
        device.Property(d => d.Auth).HasMaxLength(PushDevice.KeyLength);
        device.Property(d => d.Label).HasMaxLength(PushDevice.LabelLength);
        device.Ignore(d => d.Address);
    }
}

internal sealed class ReminderPreferencesConfiguration : IEntityTypeConfiguration<ReminderPreferences>
{
    public void Configure(EntityTypeBuilder<ReminderPreferences> preferences)
    {
        preferences.ToTable("reminder_preferences");
        preferences.HasKey(p => p.PatientId);
        preferences.HasOne<Domain.Patients.Patient>().WithOne().HasForeignKey<ReminderPreferences>(p => p.PatientId).OnDelete(DeleteBehavior.Cascade);
        preferences.Property(p => p.ChannelsJson).HasColumnType("jsonb");
        preferences.Ignore(p => p.QuietHours);
    }
}

internal sealed class VapidKeyPairConfiguration : IEntityTypeConfiguration<VapidKeyPair>
{
    public void Configure(EntityTypeBuilder<VapidKeyPair> keys)
    {
        keys.ToTable("vapid_keys", table => table.HasCheckConstraint("CK_vapid_keys_single_row", $"\"Id\" = {VapidKeyPair.SingleId}"));
        // The key is the single row's id: of two nodes making the pair at once, one insert wins (see VapidKeyStore).
        keys.HasKey(k => k.Id);
        keys.Property(k => k.Id).ValueGeneratedNever();
        keys.Property(k => k.PublicKey).HasMaxLength(100);
    }
}
