import Foundation
internal import CCurlShims

extension HTTPTransport {
    /// Sends one request (no redirect handling) and reports it to the exchange observer.
    func exchange(_ request: HTTPRequest) throws(HTTPTransportError) -> HTTPResponse {
        let start = ContinuousClock.now
        let result = Result { () throws(HTTPTransportError) in try transfer(request, start: start) }
        if let observer = configuration.exchangeObserver {
            let failure: HTTPTransportError? = if case .failure(let error) = result { error } else { nil }
            observer(HTTPExchange(
                request: request, response: try? result.get(), error: failure,
                duration: ContinuousClock.now - start, redactor: configuration.redactor))
        }
        return try result.get()
    }

    private func transfer(_ request: HTTPRequest, start: ContinuousClock.Instant) throws(HTTPTransportError) -> HTTPResponse {
        let target = try RequestTarget(request, redactor: configuration.redactor)
        let headerList = try CurlHeaderList(request, target: target)
        let trace = configuration.trace.map { TraceSink(hook: $0, redactor: configuration.redactor) }
        let context = TransferContext(maxBodyBytes: configuration.maxResponseBytes, trace: trace)
        let timeout = request.timeout ?? configuration.totalTimeout
        let route = configuration.proxy.route(for: request.url)
        defer { easy.detachTransfer() }  // runs after the response or error below has been read from the handle
        do throws(CurlFailure) {
            try easy.reset()
            try applyOptions(for: request, target: target, route: route, headers: headerList, context: context, timeout: timeout)
        } catch {
            throw target.error(.invalidRequest, "cannot prepare the request to \(target.host): \(error.message)")
        }
        let code = withExtendedLifetime((context, headerList)) { easy.perform() }
        guard code == CURLE_OK else { throw failure(code, context: context, target: target, route: route, timeout: timeout) }
        return HTTPResponse(
            status: easy.long(CURLINFO_RESPONSE_CODE),
            headers: context.headers.headers,
            body: context.body,
            url: request.url,
            httpVersion: Self.versionName(easy.long(CURLINFO_HTTP_VERSION)),
            duration: ContinuousClock.now - start
        )
    }

    private func applyOptions(
        for request: HTTPRequest, target: RequestTarget, route: ProxyRoute, headers: CurlHeaderList,
        context: TransferContext, timeout: Duration
    ) throws(CurlFailure) {
        try easy.set(CURLOPT_URL, string: target.urlString)
        try easy.set(CURLOPT_PROTOCOLS_STR, string: "http,https")
        try easy.set(CURLOPT_NOSIGNAL, bool: true)
        if supportsHTTP2 { try easy.set(CURLOPT_HTTP_VERSION, long: Int(CURL_HTTP_VERSION_2TLS)) }
        try easy.set(CURLOPT_CONNECTTIMEOUT_MS, long: configuration.connectTimeout.curlMilliseconds)
        try easy.set(CURLOPT_TIMEOUT_MS, long: timeout.curlMilliseconds)
        try easy.set(CURLOPT_MAXFILESIZE_LARGE, offset: Int64(configuration.maxResponseBytes))
        try easy.set(CURLOPT_SSL_VERIFYPEER, long: 1)
        try easy.set(CURLOPT_SSL_VERIFYHOST, long: 2)
        if let caFile = configuration.caFile { try easy.set(CURLOPT_CAINFO, string: caFile) }
        try easy.set(CURLOPT_USERAGENT, string: configuration.userAgent)
        try easy.set(CURLOPT_PROXY, string: route.proxy ?? "")  // "" also stops libcurl reading the environment itself
        if let noProxy = route.noProxy { try easy.set(CURLOPT_NOPROXY, string: noProxy) }
        try easy.set(CURLOPT_SUPPRESS_CONNECT_HEADERS, bool: true)
        try easy.set(CURLOPT_HTTPHEADER, list: headers.list)
        try easy.set(CURLOPT_WRITEFUNCTION, dataCallback: curlWriteBody)
        try easy.set(CURLOPT_WRITEDATA, pointer: context.opaque)
        try easy.set(CURLOPT_HEADERFUNCTION, dataCallback: curlReceiveHeader)
        try easy.set(CURLOPT_HEADERDATA, pointer: context.opaque)
        if context.trace != nil {
            try easy.set(CURLOPT_VERBOSE, bool: true)
            try easy.setDebugCallback(curlDebug)
            try easy.set(CURLOPT_DEBUGDATA, pointer: context.opaque)
        }
        try applyMethod(request)
        // libcurl silently sends a request again on a new connection when a reused one dies before any answer
        // (hard-wired in libcurl 7.88). For a POST or PATCH the server may already have acted on the first copy
        // (a second client secret, a second app), so these never ride a reused connection and are never resent;
        // the caller sees the lost answer and its next read finds out what happened.
        if ["POST", "PATCH"].contains(request.method) { try easy.set(CURLOPT_FRESH_CONNECT, bool: true) }
    }

    /// The method and body: GET and HEAD as such, any method with a body (or POST/PUT/PATCH without one, sent
    /// with `Content-Length: 0`) through libcurl's copied post fields and a custom method name.
    private func applyMethod(_ request: HTTPRequest) throws(CurlFailure) {
        let method = request.method
        if method == "HEAD" {
            try easy.set(CURLOPT_NOBODY, bool: true)
            return
        }
        let sendsBody = request.body != nil || ["POST", "PUT", "PATCH"].contains(method)
        guard sendsBody else {
            if method != "GET" { try easy.set(CURLOPT_CUSTOMREQUEST, string: method) }
            return
        }
        let body = request.body ?? Data()
        try easy.set(CURLOPT_POSTFIELDSIZE_LARGE, offset: Int64(body.count))
        var placeholder: UInt8 = 0  // a valid address for an empty body; libcurl copies zero bytes from it
        let copied = body.isEmpty
            ? Result { () throws(CurlFailure) in try easy.set(CURLOPT_COPYPOSTFIELDS, pointer: &placeholder) }
            : body.withUnsafeBytes { bytes in
                Result { () throws(CurlFailure) in
                    try easy.set(CURLOPT_COPYPOSTFIELDS, pointer: UnsafeMutableRawPointer(mutating: bytes.baseAddress))
                }
            }
        try copied.get()
        if method != "POST" { try easy.set(CURLOPT_CUSTOMREQUEST, string: method) }
    }

    /// "1.0", "1.1", "2" or "3" from CURLINFO_HTTP_VERSION.
    static func versionName(_ version: Int) -> String {
        switch version {
        case Int(CURL_HTTP_VERSION_1_0): "1.0"
        case Int(CURL_HTTP_VERSION_2_0): "2"
        case Int(CURL_HTTP_VERSION_3): "3"
        default: "1.1"
        }
    }
}

extension Duration {
    /// Whole milliseconds for a libcurl timeout option, at least 1 (0 would mean "no timeout" to libcurl).
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}
