namespace BriWatch.Host.Tests.Security;

/// <summary>Who may call an endpoint, as <see cref="EndpointPolicyTests"/> declares it for every route of the all-in-one host.</summary>
public enum EndpointAccess
{
    /// <summary>Anyone: health, metrics, the dashboard's static files, and endpoints whose URL or body carries its own credential.</summary>
    Public,

    /// <summary>Any signed-in caller (their own session and keys).</summary>
    Account,

    /// <summary>Keys with the <c>read</c> scope, and admins.</summary>
    Reader,

    /// <summary>Keys with the <c>subscriptions</c> scope, and admins; a collection, so no owner's object is named.</summary>
    Subscriber,

    /// <summary>As <see cref="Subscriber"/>, on one owner's object: another owner gets 404, the owner and admins get through.</summary>
    Owner,

    /// <summary>The caller's own object under <c>/api/me</c>: anyone else, admins included, gets 404 (admins have their own routes).</summary>
    Self,

    /// <summary>Admins only.</summary>
    Admin,
}
