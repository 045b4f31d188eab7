internal import CCurlShims

/// libcurl's process-wide initialisation, run once (lazily, thread-safely) before the first easy handle exists.
private let curlGlobalInitialization: CURLcode = curl_global_init(Int(CURL_GLOBAL_ALL))

/// A libcurl call that failed: its code and libcurl's explanation.
struct CurlFailure: Error {
    var code: CURLcode
    var message: String

    init(code: CURLcode, detail: String = "") {
        self.code = code
        let generic = String(cString: curl_easy_strerror(code))
        self.message = detail.isEmpty ? generic : detail
    }
}

/// One libcurl easy handle with typed, throwing option setters and info getters.
///
/// Not thread-safe: used by one `HTTPTransport` on one thread at a time. The handle keeps its connection cache
/// across `reset()`, which is what makes keep-alive work.
final class CurlEasyHandle {
    /// The `CURL *`.
    let handle: UnsafeMutableRawPointer
    /// libcurl writes its detailed error message here (CURL_ERROR_SIZE bytes).
    private let errorBuffer: UnsafeMutablePointer<CChar>

    init() throws(CurlFailure) {
        guard curlGlobalInitialization == CURLE_OK else { throw CurlFailure(code: curlGlobalInitialization) }
        guard let handle = curl_easy_init() else {
            throw CurlFailure(code: CURLE_FAILED_INIT, detail: "libcurl could not create an easy handle")
        }
        self.handle = handle
        self.errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Forgets every option (the connection, DNS and TLS session caches stay) and re-attaches the error buffer.
    func reset() throws(CurlFailure) {
        curl_easy_reset(handle)
        errorBuffer[0] = 0
        try set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
    }

    /// Drops every option after a transfer, so that no callback, callback data or header list of a finished transfer
    /// stays attached (libcurl may call the debug callback later, e.g. while closing a cached connection).
    func detachTransfer() {
        curl_easy_reset(handle)
    }

    /// Runs the transfer with the options set; returns libcurl's result code.
    func perform() -> CURLcode {
        errorBuffer[0] = 0
        return curl_easy_perform(handle)
    }

    /// libcurl's detailed message for the last failed transfer, or its generic text for `code`.
    func failure(_ code: CURLcode) -> CurlFailure {
        CurlFailure(code: code, detail: String(cString: errorBuffer))
    }

    // MARK: Options

    func set(_ option: CURLoption, long value: Int) throws(CurlFailure) {
        try check(stepwise_curl_setopt_long(handle, option, value), option)
    }

    func set(_ option: CURLoption, bool value: Bool) throws(CurlFailure) {
        try set(option, long: value ? 1 : 0)
    }

    func set(_ option: CURLoption, offset value: Int64) throws(CurlFailure) {
        try check(stepwise_curl_setopt_off_t(handle, option, curl_off_t(value)), option)
    }

    /// Sets a string option; libcurl copies the string.
    func set(_ option: CURLoption, string value: String) throws(CurlFailure) {
        try check(stepwise_curl_setopt_string(handle, option, value), option)
    }

    /// Sets a pointer option; the memory must stay valid for as long as libcurl may use it.
    func set(_ option: CURLoption, pointer value: UnsafeMutableRawPointer?) throws(CurlFailure) {
        try check(stepwise_curl_setopt_pointer(handle, option, value), option)
    }

    /// Sets a list option; the list must outlive the transfer.
    func set(_ option: CURLoption, list value: UnsafeMutablePointer<curl_slist>?) throws(CurlFailure) {
        try check(stepwise_curl_setopt_slist(handle, option, value), option)
    }

    func set(_ option: CURLoption, dataCallback: stepwise_curl_data_callback) throws(CurlFailure) {
        try check(stepwise_curl_setopt_data_callback(handle, option, dataCallback), option)
    }

    func setDebugCallback(_ callback: stepwise_curl_debug_callback) throws(CurlFailure) {
        try check(stepwise_curl_setopt_debug_callback(handle, callback), CURLOPT_DEBUGFUNCTION)
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws(CurlFailure) {
        guard code == CURLE_OK else {
            throw CurlFailure(code: code, detail: "libcurl refused option \(option.rawValue): \(String(cString: curl_easy_strerror(code)))")
        }
    }

    // MARK: Information

    func long(_ info: CURLINFO) -> Int {
        var value = 0
        return stepwise_curl_getinfo_long(handle, info, &value) == CURLE_OK ? value : 0
    }

    func offset(_ info: CURLINFO) -> Int64 {
        var value: curl_off_t = 0
        return stepwise_curl_getinfo_off_t(handle, info, &value) == CURLE_OK ? Int64(value) : 0
    }
}
