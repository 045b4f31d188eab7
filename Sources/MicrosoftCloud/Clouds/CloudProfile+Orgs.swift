public import Foundation

extension CloudProfile {
    /// The origin of a Dataverse org URL after checking it belongs to this cloud; fails before any request with
    /// `cloud.mismatch` ("org https://x.crm.dynamics.com belongs to the global cloud, not usgovhigh") or
    /// `cloud.unknown`.
    public func validateOrg(_ url: URL) throws(CloudError) -> Origin {
        guard let origin = Origin(url) else {
            throw CloudError(
                code: .configInvalid, service: .cloud, message: "org URL \"\(url.absoluteString)\" has no scheme or host")
        }
        if orgs.values.contains(origin) { return origin }
        if isDataverseHost(origin.host) {
            guard origin.scheme == "https" else {
                throw CloudError(
                    code: .configInvalid, service: .cloud, message: "org \(origin) must use https", host: origin.host)
            }
            return origin
        }
        if let owner = Self.knownClouds.first(where: { $0.isDataverseHost(origin.host) }) {
            throw CloudError(
                code: .cloudMismatch, service: .cloud,
                message: "org \(origin) belongs to the \(owner.name) cloud, not \(name)", host: origin.host)
        }
        let expected = orgs.isEmpty
            ? "a host under " + dataverseHostSuffixes.prefix(3).joined(separator: ", ")
                + (dataverseHostSuffixes.count > 3 ? ", ..." : "")
            : "one of " + orgs.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", ")
        throw CloudError(
            code: .cloudUnknown, service: .cloud,
            message: "org \(origin) is not a Dataverse org of the \(name) cloud; expected \(expected)", host: origin.host)
    }

    /// The org named `name` in a custom cloud (the twin's `stage`, `prod`), or a URL string checked with
    /// `validateOrg`.
    public func org(_ nameOrURL: String) throws(CloudError) -> Origin {
        if let origin = orgs[nameOrURL] { return origin }
        guard nameOrURL.contains("://"), let url = URL(string: nameOrURL) else {
            let known = orgs.keys.sorted().joined(separator: ", ")
            throw CloudError(
                code: .configInvalid, service: .cloud,
                message: "\"\(nameOrURL)\" is neither an org URL nor an org of the \(name) cloud"
                    + (known.isEmpty ? "" : " (known: \(known))"))
        }
        return try validateOrg(url)
    }
}
