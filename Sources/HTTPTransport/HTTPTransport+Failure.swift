import Foundation
internal import CCurlShims

extension HTTPTransport {
    /// The sentence-like error for a failed transfer, naming the host and what went wrong.
    func failure(
        _ code: CURLcode, context: TransferContext, target: RequestTarget, route: ProxyRoute, timeout: Duration
    ) -> HTTPTransportError {
        let detail = easy.failure(code).message
        let host = target.host
        let connectTarget = route.noProxy == nil ? route.displayProxy.map { "\(host) through proxy \($0)" } ?? host : host
        switch code {
        case CURLE_WRITE_ERROR where context.exceededBodyLimit, CURLE_FILESIZE_EXCEEDED:
            let limit = configuration.maxResponseBytes
            return target.error(.bodyTooLarge,
                "the response from \(host) is larger than the limit of \(Self.byteCount(limit)) (\(limit) bytes); refused")
        case CURLE_COULDNT_RESOLVE_HOST:
            return target.error(.dnsFailure, "cannot resolve host name \(target.hostName): \(detail)")
        case CURLE_COULDNT_RESOLVE_PROXY:
            return target.error(.dnsFailure, "cannot resolve the proxy for \(host): \(detail)")
        case CURLE_COULDNT_CONNECT where easy.long(CURLINFO_OS_ERRNO) == Int(ECONNREFUSED):
            return target.error(.connectionRefused, "cannot connect to \(connectTarget): connection refused")
        case CURLE_COULDNT_CONNECT:
            return target.error(.other, "cannot connect to \(connectTarget): \(detail)")
        case CURLE_OPERATION_TIMEDOUT where easy.offset(CURLINFO_CONNECT_TIME_T) == 0:
            return target.error(.timeout,
                "timed out after \(Self.seconds(configuration.connectTimeout)) connecting to \(connectTarget)")
        case CURLE_OPERATION_TIMEDOUT:
            return target.error(.timeout, "timed out after \(Self.seconds(timeout)) waiting for \(host)")
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED,
             CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
             CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT, CURLE_USE_SSL_FAILED:
            return target.error(.tls, "TLS failure with \(host): \(detail)")
        case CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_PARTIAL_FILE, CURLE_HTTP2, CURLE_HTTP2_STREAM:
            return target.error(.connectionClosed, "the connection to \(host) closed before a complete response: \(detail)")
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL, CURLE_BAD_FUNCTION_ARGUMENT:
            return target.error(.invalidRequest, "invalid request to \(target.displayURL): \(detail)")
        default:
            return target.error(.other, "HTTP request to \(host) failed: \(detail)")
        }
    }

    /// "2 s", "1.5 s" or "250 ms".
    static func seconds(_ duration: Duration) -> String {
        let milliseconds = duration.curlMilliseconds
        if milliseconds < 1000 { return "\(milliseconds) ms" }
        if milliseconds % 1000 == 0 { return "\(milliseconds / 1000) s" }
        return String(format: "%.1f s", Double(milliseconds) / 1000)
    }

    /// "10 MiB", "512 KiB" or "300 bytes".
    static func byteCount(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}
