namespace Fulcrum.Hosting;

/// <summary>Where a host serves the admin API and dashboard, once it is bound (for the journal and links in notifications).</summary>
internal interface IAdminAddress
{
    /// <summary>Null until the listener is bound.</summary>
    Uri? Address { get; }
}
