import Crypto
import Foundation
import HummingbirdTLS
import X509

/// A throwaway certificate authority and a server certificate for the loopback listeners, made at start.
///
/// The CA is `CA:true` with `keyCertSign`; the server certificate names `IP:127.0.0.1`, `IP:::1`, `DNS:localhost`
/// (plus the bind address), carries SKI/AKI and the `serverAuth` extended key usage. Keys are P-256.
struct TwinCertificateAuthority {
    let caPEM: String
    let serverCertificatePEM: String
    let serverKeyPEM: String

    /// Generates the CA and a server certificate valid for `host` and the loopback names.
    static func generate(host: String, now: Date = Date()) throws -> TwinCertificateAuthority {
        let caKey = P256.Signing.PrivateKey()
        let caPublicKey = Certificate.PublicKey(caKey.publicKey)
        let caName = try DistinguishedName {
            OrganizationName("Stepwise")
            CommonName("Stepwise twin CA \(TwinIDs.guid().prefix(8))")
        }
        let caKeyIdentifier = SubjectKeyIdentifier(hash: caPublicKey)
        let ca = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: caPublicKey, notValidBefore: now - 3600,
            notValidAfter: now + 30 * 86400, issuer: caName, subject: caName,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(digitalSignature: true, keyCertSign: true, cRLSign: true))
                caKeyIdentifier
            },
            issuerPrivateKey: .init(caKey))

        let serverKey = P256.Signing.PrivateKey()
        let serverPublicKey = Certificate.PublicKey(serverKey.publicKey)
        let serverName = try DistinguishedName {
            OrganizationName("Stepwise")
            CommonName("localhost")
        }
        var names: [GeneralName] = [
            .dnsName("localhost"), .ipAddress(.init(contentBytes: [127, 0, 0, 1])),
            .ipAddress(.init(contentBytes: ArraySlice(repeating: 0, count: 15) + [1])),
        ]
        if let address = ipAddressBytes(host), !["127.0.0.1", "::1"].contains(host) {
            names.append(.ipAddress(.init(contentBytes: ArraySlice(address))))
        } else if ipAddressBytes(host) == nil, host != "localhost" {
            names.append(.dnsName(host))
        }
        let server = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: serverPublicKey, notValidBefore: now - 3600,
            notValidAfter: now + 30 * 86400, issuer: caName, subject: serverName,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames(names)
                SubjectKeyIdentifier(hash: serverPublicKey)
                AuthorityKeyIdentifier(keyIdentifier: caKeyIdentifier.keyIdentifier)
            },
            issuerPrivateKey: .init(caKey))

        return TwinCertificateAuthority(
            caPEM: try ca.serializeAsPEM().pemString, serverCertificatePEM: try server.serializeAsPEM().pemString,
            serverKeyPEM: serverKey.pemRepresentation)
    }

    /// The NIOSSL server configuration presenting the server certificate.
    func serverConfiguration() throws -> TLSConfiguration {
        let certificate = try NIOSSLCertificate(bytes: Array(serverCertificatePEM.utf8), format: .pem)
        let key = try NIOSSLPrivateKey(bytes: Array(serverKeyPEM.utf8), format: .pem)
        return TLSConfiguration.makeServerConfiguration(certificateChain: [.certificate(certificate)], privateKey: .privateKey(key))
    }
}

/// The 4 or 16 bytes of an IP address literal, or nil.
private func ipAddressBytes(_ text: String) -> [UInt8]? {
    var v4 = in_addr()
    if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
    var v6 = in6_addr()
    if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
    return nil
}
