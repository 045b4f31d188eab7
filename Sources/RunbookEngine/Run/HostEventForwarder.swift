public import PluginHost

/// Passes a host's log, progress and exchange reports to the run that is going on, and counts the requests of the
/// current step. Made before the host (its `forward` goes into `PluginHostOptions.onEvent`); a run attaches itself.
public final class HostEventForwarder {
    /// Where events of the current step go (set by the run).
    var sink: ((HostEvent) -> Void)?
    /// Requests of the current step.
    private(set) var requests = RequestCount()

    public init() {}

    /// Hand this to `PluginHostOptions.onEvent`.
    public func forward(_ event: HostEvent) {
        if case .exchange(let exchange) = event, exchange.status != nil || exchange.failure != nil {
            requests.count(method: exchange.method, isToken: exchange.service == "identity" && exchange.method == "POST")
        }
        sink?(event)
    }

    /// Starts counting a new step's requests.
    func resetCount() {
        requests = RequestCount()
    }
}
