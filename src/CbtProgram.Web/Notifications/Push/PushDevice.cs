namespace CbtProgram.Web.Notifications.Push;

/// <summary>
/// One browser on one device that a patient let show reminders: the push service's address for it and the keys that
/// encrypt what is sent there (RFC 8291). Removed when the patient turns it off, or when the push service says it has
/// gone (404 or 410).
/// </summary>
public sealed class PushDevice
{
    public const int EndpointLength = 1000;
    public const int KeyLength = 200;
    public const int LabelLength = 100;

    private PushDevice() { }

    public PushDevice(Guid patientId, string endpoint, string p256dh, string auth, string label, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        PatientId = patientId;
        Endpoint = endpoint;
        P256dh = p256dh;
        Auth = auth;
        Label = label;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid PatientId { get; private set; }
    public string Endpoint { get; private set; } = "";
    /// <summary>The browser's public key (P-256, base64url).</summary>
    public string P256dh { get; private set; } = "";
    /// <summary>The browser's authentication secret (base64url).</summary>
    public string Auth { get; private set; } = "";
    /// <summary>"Chrome on Android": from the user agent, so the patient can tell their devices apart.</summary>
    public string Label { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    /// <summary>When the push service last accepted a reminder for it.</summary>
    public DateTimeOffset? LastSuccessAt { get; private set; }

    /// <summary>What stands in an outbox message's recipient for a push to this device.</summary>
    public string Address => AddressOf(Id);

    public static string AddressOf(Guid deviceId) => $"push:{deviceId}";

    public static Guid? IdFromAddress(string address) =>
        address.StartsWith("push:", StringComparison.Ordinal) && Guid.TryParse(address.AsSpan(5), out var id) ? id : null;

    public void Delivered(DateTimeOffset now) => LastSuccessAt = now;
}
