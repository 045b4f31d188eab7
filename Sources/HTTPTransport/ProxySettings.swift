public import Foundation

/// Whether and through which proxy requests go.
public enum ProxySettings: Sendable, Equatable {
    /// Read `HTTPS_PROXY`/`https_proxy` (for https URLs), `HTTP_PROXY`/`http_proxy` (for http URLs) and
    /// `NO_PROXY`/`no_proxy` from the environment at each request.
    case fromEnvironment
    /// Always connect directly, whatever the environment says.
    case none
    /// Use `url` as the proxy, except for the hosts in `noProxy` (comma-separated, libcurl's `NO_PROXY` syntax).
    case explicit(url: String, noProxy: String?)

    /// The proxy and bypass list that apply to `url`, reading the process environment; `proxy` is nil when the
    /// request goes direct.
    public func route(for url: URL) -> ProxyRoute {
        route(for: url) { name in getenv(name).map { String(cString: $0) } }
    }

    /// The proxy and bypass list that apply to `url` with the given environment variables.
    public func route(for url: URL, environment: [String: String]) -> ProxyRoute {
        route(for: url) { environment[$0] }
    }

    private func route(for url: URL, variable: (String) -> String?) -> ProxyRoute {
        switch self {
        case .none:
            return ProxyRoute(proxy: nil, noProxy: nil)
        case .explicit(let proxy, let noProxy):
            return ProxyRoute(proxy: proxy, noProxy: noProxy)
        case .fromEnvironment:
            let names = url.scheme?.lowercased() == "https" ? ["HTTPS_PROXY", "https_proxy"] : ["HTTP_PROXY", "http_proxy"]
            guard let proxy = Self.firstValue(of: names, variable) else { return ProxyRoute(proxy: nil, noProxy: nil) }
            return ProxyRoute(proxy: proxy, noProxy: Self.firstValue(of: ["NO_PROXY", "no_proxy"], variable))
        }
    }

    private static func firstValue(of names: [String], _ variable: (String) -> String?) -> String? {
        for name in names {
            if let value = variable(name)?.trimmingCharacters(in: .whitespaces), !value.isEmpty { return value }
        }
        return nil
    }
}

/// The proxy decision for one request: libcurl's `CURLOPT_PROXY` and `CURLOPT_NOPROXY`.
public struct ProxyRoute: Sendable, Equatable {
    /// The proxy URL, or nil to connect directly.
    public var proxy: String?
    /// Hosts that bypass the proxy (comma-separated), or nil.
    public var noProxy: String?

    /// The proxy URL without user name or password, for messages.
    var displayProxy: String? {
        guard let proxy else { return nil }
        guard var components = URLComponents(string: proxy), components.user != nil || components.password != nil
        else { return proxy.contains("@") ? "(proxy with credentials)" : proxy }
        components.user = nil
        components.password = nil
        return components.string ?? "(proxy with credentials)"
    }

    /// A route through `proxy` (nil: direct), bypassed for `noProxy`.
    public init(proxy: String?, noProxy: String?) {
        self.proxy = proxy
        self.noProxy = noProxy
    }
}
