internal import CCurlShims
import Foundation

/// What one transfer collects while libcurl runs it; libcurl's callbacks reach it through an opaque pointer.
final class TransferContext {
    /// The largest body accepted, in bytes.
    let maxBodyBytes: Int
    /// Receives verbose lines when tracing is on.
    let trace: TraceSink?
    private(set) var body = Data()
    private(set) var headers = ResponseHeaderParser()
    /// Set when the body outgrew `maxBodyBytes` and the write callback aborted the transfer.
    private(set) var exceededBodyLimit = false

    init(maxBodyBytes: Int, trace: TraceSink?) {
        self.maxBodyBytes = maxBodyBytes
        self.trace = trace
    }

    /// Appends body bytes; answers fewer bytes than given (which makes libcurl abort) past the limit.
    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard bytes.count <= maxBodyBytes - body.count else {
            exceededBodyLimit = true
            return 0
        }
        body.append(bytes.assumingMemoryBound(to: UInt8.self))
        return bytes.count
    }

    func receiveHeaderLine(_ line: UnsafeRawBufferPointer) -> Int {
        headers.consume(line)
        return line.count
    }

    var opaque: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    static func from(_ opaque: UnsafeMutableRawPointer?) -> TransferContext {
        Unmanaged<TransferContext>.fromOpaque(opaque!).takeUnretainedValue()
    }
}

/// libcurl's write callback (CURLOPT_WRITEFUNCTION): body bytes into the `TransferContext`.
let curlWriteBody: stepwise_curl_data_callback = { data, size, count, context in
    TransferContext.from(context).receiveBody(UnsafeRawBufferPointer(start: data, count: size * count))
}

/// libcurl's header callback (CURLOPT_HEADERFUNCTION): one raw header line into the `TransferContext`.
let curlReceiveHeader: stepwise_curl_data_callback = { data, size, count, context in
    TransferContext.from(context).receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: size * count))
}

/// libcurl's debug callback (CURLOPT_DEBUGFUNCTION): verbose output into the context's `TraceSink`.
let curlDebug: stepwise_curl_debug_callback = { _, kind, data, size, context in
    TransferContext.from(context).trace?.receive(kind: kind, UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
