internal import CCurlShims

/// The request's header fields as a libcurl list, exactly as the caller gave them, plus the empty entries that stop
/// libcurl adding its own `Expect: 100-continue`, `Accept: */*` and form `Content-Type`.
final class CurlHeaderList {
    private(set) var list: UnsafeMutablePointer<curl_slist>?
    private var outOfMemory = false

    init(_ request: HTTPRequest, target: RequestTarget) throws(HTTPTransportError) {
        for field in request.headers {
            // "Name;" is libcurl's spelling of a header with an empty value; "Name:" would remove the header.
            append(field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)")
        }
        var suppressed = ["Expect", "Accept"]
        if request.body != nil || ["POST", "PUT", "PATCH"].contains(request.method) { suppressed.append("Content-Type") }
        for name in suppressed where !request.headers.contains(name) { append("\(name):") }
        guard !outOfMemory else {
            throw target.error(.other, "cannot build the header list for \(target.host): out of memory")
        }
    }

    deinit { curl_slist_free_all(list) }

    private func append(_ line: String) {
        if let extended = curl_slist_append(list, line) { list = extended } else { outOfMemory = true }
    }
}
