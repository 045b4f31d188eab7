import Foundation
public import HTTPTransport

extension GraphClient {
    /// Every item of a collection: GETs `path`, then follows `@odata.nextLink` while it stays on Graph's origin,
    /// resending `ConsistencyLevel` (and `headers`) on every page. A `nextLink` to another origin fails with
    /// `safety.foreign_host` and nothing is sent there.
    public func list(
        _ path: String, consistencyLevel: String? = nil, headers: HTTPHeaders = [:], expecting: Expectation? = nil
    ) throws(CloudError) -> [JSONValue] {
        var items: [JSONValue] = []
        try forEachPage(path, consistencyLevel: consistencyLevel, headers: headers, expecting: expecting) { page in
            items.append(contentsOf: page["value"]?.arrayValue ?? [])
        }
        return items
    }

    /// Calls `body` with each page (the whole JSON page, `value` and annotations such as `@odata.count`).
    public func forEachPage(
        _ path: String, consistencyLevel: String? = nil, headers: HTTPHeaders = [:], expecting: Expectation? = nil,
        _ body: (JSONValue) throws(CloudError) -> Void
    ) throws(CloudError) {
        var pageHeaders = headers
        if let consistencyLevel { pageHeaders.set("ConsistencyLevel", consistencyLevel) }
        var target = try session.graphPaths.target(path)
        while true {
            let page = try APIResponse(
                session.perform(call("GET", target, body: nil, headers: pageHeaders, expecting: expecting)),
                service: .graph
            ).body
            try body(page)
            guard let next = page["@odata.nextLink"]?.stringValue else { return }
            target = APITarget(try PagingLinks.follow(next, from: target.url, allowed: session.graphResource, service: .graph))
        }
    }
}

/// Checks a `nextLink` (or `Operation-Location`) before it is followed.
enum PagingLinks {
    /// The absolute URL of `link`, only when its origin is `allowed`.
    static func follow(_ link: String, from current: URL, allowed: Origin, service: CloudError.Service) throws(CloudError) -> URL {
        guard let url = URL(string: link, relativeTo: current)?.absoluteURL, let origin = Origin(url) else {
            throw CloudError(
                code: CloudError.Code(rawValue: "\(service.rawValue).invalid_response"), service: service,
                message: "the answer's link \"\(link)\" is not a URL", host: current.host)
        }
        guard origin == allowed else {
            throw CloudError(
                code: .safetyForeignHost, service: .safety,
                message: "refused to follow a \(service.displayName) link to \(origin): it is not \(allowed), "
                    + "where the token belongs",
                host: origin.host)
        }
        return url
    }
}
