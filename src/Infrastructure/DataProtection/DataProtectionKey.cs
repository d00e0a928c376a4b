namespace Streaming.Infrastructure.DataProtection;

/// <summary>
/// An ASP.NET Core Data Protection key kept in PostgreSQL, so every app instance decrypts the
/// same cookies and antiforgery tokens (the EF Core key-store package does not restore here).
/// </summary>
public class DataProtectionKey
{
    public int Id { get; set; }

    public string FriendlyName { get; set; } = "";

    public string Xml { get; set; } = "";
}
