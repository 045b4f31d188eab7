public import Foundation

/// Scheme, host and port of a URL: the unit a token is issued for and the unit a link may not leave.
public struct Origin: Hashable, Sendable, CustomStringConvertible {
    /// `http` or `https`, lowercased.
    public let scheme: String
    /// The host, lowercased, without brackets for IPv6.
    public let host: String
    /// The explicit port, or the scheme's default.
    public let port: Int

    /// Hashes the host and port (the scheme is almost always https; equal origins still hash alike).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(host)
        hasher.combine(port)
    }

    /// The origin of `url`, or nil when it has no scheme or host.
    public init?(_ url: URL) {
        guard let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased(), !host.isEmpty else {
            return nil
        }
        let defaultPort = scheme == "https" ? 443 : scheme == "http" ? 80 : nil
        guard let port = url.port ?? defaultPort else { return nil }
        self.scheme = scheme
        self.host = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        self.port = port
    }

    /// The origin of the absolute URL in `string`, or nil.
    public init?(string: String) {
        guard let url = URL(string: string) else { return nil }
        self.init(url)
    }

    /// `https://host` or `http://host:port` (default ports are left out), with no trailing slash.
    public var description: String {
        let isDefaultPort = (scheme == "https" && port == 443) || (scheme == "http" && port == 80)
        let hostText = host.contains(":") ? "[\(host)]" : host
        return isDefaultPort ? "\(scheme)://\(hostText)" : "\(scheme)://\(hostText):\(port)"
    }

    /// The origin as a URL with no path.
    public var url: URL { URL(string: description)! }

    /// The `/.default` scope that asks for a token whose audience is this origin.
    public var defaultScope: String { "\(description)/.default" }
}
