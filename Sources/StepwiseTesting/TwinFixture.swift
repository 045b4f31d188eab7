public import CloudTwin
public import Foundation
public import HTTPTransport
public import MicrosoftCloud

/// A twin started in process on random loopback ports for one test, with its info decoded for the clients.
public final class TwinFixture: Sendable {
    /// The running twin.
    public let twin: RunningTwin
    /// The info JSON, as `GET {control}/info` serves it.
    public let infoJSON: Data
    /// The info decoded by the client side (`MicrosoftCloud.TwinConnection`).
    public let connection: TwinConnection

    private init(twin: RunningTwin) throws {
        self.twin = twin
        infoJSON = try twin.infoJSON()
        connection = try TwinConnection(infoJSON: infoJSON)
    }

    /// Starts a twin (demo scenario, plain HTTP, random ports unless `options` say otherwise).
    public static func start(_ options: TwinOptions = TwinOptions()) async throws -> TwinFixture {
        let twin = try await TwinServer.start(options)
        do {
            return try TwinFixture(twin: twin)
        } catch {
            await twin.stop()
            throw error
        }
    }

    /// Starts a twin, runs `body`, and stops the twin whether `body` succeeded or not.
    public static func with<T: Sendable>(
        _ options: TwinOptions = TwinOptions(), _ body: (TwinFixture) async throws -> T
    ) async throws -> T {
        let fixture = try await start(options)
        do {
            let result = try await body(fixture)
            await fixture.stop()
            return result
        } catch {
            await fixture.stop()
            throw error
        }
    }

    /// Stops the twin.
    public func stop() async {
        await twin.stop()
    }

    /// A session signed in as the scenario's admin app (or `credential`), over a new transport. Synchronous:
    /// call it (and use the session) inside `blocking { }`.
    public func session(
        credential: (any TokenCredential)? = nil,
        configuration: HTTPTransportConfiguration = HTTPTransportConfiguration(),
        retryPolicy: RetryPolicy = .standard
    ) throws(CloudError) -> CloudSession {
        try CloudSession(twin: connection, credential: credential, configuration: configuration, retryPolicy: retryPolicy)
    }

    /// A client of the twin's control endpoints, over its own transport (one thread at a time).
    public func control() throws -> TwinControl {
        try TwinControl(base: connection.control)
    }
}
