import Foundation
import HTTPTransport

extension CloudSession {
    /// Sends `call` with retries and returns its successful (2xx) answer, or throws the decoded error.
    ///
    /// This is the one place an Authorization header is added, and it is added only when the request's origin
    /// equals the token's resource origin.
    func perform(_ call: APICall) throws(CloudError) -> HTTPResponse {
        let start = timing.now()
        let clientRequestId = call.service == .graph ? ClientRequestID.make() : nil
        let origin = call.target.origin
        var attempt = 1
        // Failures per budget: waiting out replication must not use up the attempts a 429 or 503 may take.
        var replicationFailures = 0
        var transientFailures = 0
        var renewedToken = false
        while true {
            var request = HTTPRequest(method: call.method, url: call.url, headers: call.headers, body: call.body)
            // One copy of the caller's headers, with room for the two added below.
            request.headers.reserveCapacity(call.headers.fields.count + 2)
            request.headers.remove("Authorization")
            if let clientRequestId { request.headers.set("client-request-id", clientRequestId) }
            var cachedToken: TokenCache.Key?
            if case .bearer(let resource) = call.authentication {
                try ensureSameOrigin(call.url, origin, as: resource, service: call.service)
                let key = cacheKey(for: resource)
                let token = try accessToken(for: resource, key: key)
                request.headers.add("Authorization", token.authorization)  // removed above
                cachedToken = key
            }

            let outcome = exchange(request, origin: origin, call: call, attempt: attempt, clientRequestId: clientRequestId)
            let reason: RetryPolicy.Reason
            let failure: CloudError
            switch outcome {
            case .success(let response) where (200...299).contains(response.status):
                return response
            case .success(let response):
                failure = response.status / 100 == 3
                    ? redirectError(response, call: call)
                    : call.decodeError(response, clientRequestId, redactor)
                if response.status == 401, let key = cachedToken, !renewedToken {
                    // A cached token the service no longer accepts: get a fresh one, once.
                    tokenCache.remove(key)
                    renewedToken = true
                    continue
                }
                let retryAfter = RetryAfter.parse(response.headers["Retry-After"], now: timing.date())
                if call.expecting == .replication, call.isReplicationError(failure) {
                    reason = .replication
                } else if response.status == 429 {
                    reason = .throttled(retryAfter: retryAfter)
                } else if response.status == 503 || response.status == 504 {
                    reason = .unavailable(retryAfter: retryAfter)
                } else {
                    throw failure
                }
            case .failure(let transportError):
                failure = Self.cloudError(transportError, service: call.service, redactor: redactor)
                guard transportError.kind == .connectionClosed, call.isIdempotent else { throw failure }
                reason = .connectionLost
            }

            let elapsed = timing.now() - start
            let failures: Int
            if reason == .replication {
                replicationFailures += 1
                failures = replicationFailures
            } else {
                transientFailures += 1
                failures = transientFailures
            }
            guard let delay = retryPolicy.delay(after: reason, attempt: failures, elapsed: elapsed, unitRandom: timing.unitRandom())
            else { throw failure }
            logger.debug(
                "retrying after \(String(format: "%.1f", delay.seconds)) s (attempt \(attempt + 1)): \(failure)")
            timing.sleep(delay)
            attempt += 1
        }
    }

    /// Refuses, before anything is sent, a request to `url` (whose origin is `origin`) when that is not the
    /// token's origin.
    private func ensureSameOrigin(
        _ url: URL, _ origin: Origin?, as resource: Origin, service: CloudError.Service
    ) throws(CloudError) {
        guard let origin, origin == resource else {
            throw CloudError(
                code: .safetyForeignHost, service: .safety,
                message: "refused to send a \(service.displayName) token for \(resource) to \(origin?.description ?? url.absoluteString)",
                host: origin?.host)
        }
    }

    /// One send, counted and observed. The answer is inspected (secrets registered) before anyone sees it.
    private func exchange(
        _ request: HTTPRequest, origin: Origin?, call: APICall, attempt: Int, clientRequestId: String?
    ) -> Result<HTTPResponse, HTTPTransportError> {
        if let resource = call.countsAsTokenRequestFor {
            counters.countTokenRequest(for: resource)
        } else if let origin {
            counters.countAPIRequest(to: origin)
        }
        let started = timing.now()
        let result: Result<HTTPResponse, HTTPTransportError>
        do throws(HTTPTransportError) {
            result = .success(try shared.transport.send(request))
        } catch {
            result = .failure(error)
        }
        if case .success(let response) = result { call.inspectResponse(response) }
        let observer = exchangeObserver
        if observer != nil || logger.logLevel <= .trace {
            let record = record(
                of: request, result: result, call: call, attempt: attempt, clientRequestId: clientRequestId,
                duration: timing.now() - started)
            logger.trace("\(record.summary)")
            observer?(record)
        }
        return result
    }

    private func redirectError(_ response: HTTPResponse, call: APICall) -> CloudError {
        let location = response.headers["Location"].flatMap { URL(string: $0, relativeTo: call.url)?.absoluteURL }
        let here = call.target.origin
        if let location, let there = Origin(location), there != here {
            return CloudError(
                code: .safetyForeignHost, service: .safety, status: response.status,
                message: "refused to follow a redirect from \(here?.description ?? "?") to \(there)", host: there.host)
        }
        return CloudError(
            code: .httpRedirect, service: call.service, status: response.status,
            message: "unexpected redirect to \(location.map { redactor.redact($0.absoluteString) } ?? "nowhere")",
            host: here?.host)
    }
}
