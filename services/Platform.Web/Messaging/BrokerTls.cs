using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Intelligence.Platform.Messaging;

/// <summary>
/// AMQP over TLS, as <see cref="RabbitMqSettings"/> asks for it: TLS 1.2 or 1.3, the broker's certificate checked
/// against its host name (or <see cref="RabbitMqSettings.TlsServerName"/>) and the system's roots, or a private CA
/// (<see cref="RabbitMqSettings.TlsCaFile"/>). Shared by MassTransit's connections and the gateway's own.
/// </summary>
public static class BrokerTls
{
    public const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>The name the broker's certificate must carry.</summary>
    public static string ServerName(RabbitMqSettings settings) =>
        settings.TlsServerName.Length > 0 ? settings.TlsServerName : settings.Host;

    /// <summary>
    /// The check of the broker's certificate: the platform's, strict (MassTransit's own default lets a certificate
    /// no root vouches for through), except that a chain ending in the configured CA is trusted too. A name that does
    /// not match is refused whatever the CA.
    /// </summary>
    public static RemoteCertificateValidationCallback Validation(RabbitMqSettings settings)
    {
        if (settings.TlsCaFile.Length == 0)
        {
            return (_, _, _, errors) => errors == SslPolicyErrors.None;
        }

        var authority = X509CertificateLoader.LoadCertificateFromFile(settings.TlsCaFile);
        return (_, certificate, _, errors) =>
        {
            if (errors == SslPolicyErrors.None)
            {
                return true;
            }

            if (certificate is null || errors != SslPolicyErrors.RemoteCertificateChainErrors)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(authority);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            using var presented = new X509Certificate2(certificate);
            return chain.Build(presented);
        };
    }
}
