import Foundation

/// A Lua function or table kept alive in the registry of the state that made it.
///
/// Use it only with the `LuaState` that made it (others refuse it). When the last Swift reference goes away the
/// registry slot is released by the owning state at its next call, so a `LuaRef` may die on any thread.
public final class LuaRef: Sendable, Hashable, CustomStringConvertible {
    /// What a reference points at.
    public enum Kind: Sendable, Equatable {
        /// A Lua function (or host function).
        case function
        /// A Lua table.
        case table
        /// A userdata, such as a read-only host module.
        case userdata
    }

    /// What this reference points at.
    public let kind: Kind
    let slot: Int32
    let owner: LuaRefOwner
    /// The object's address in Lua (`lua_topointer`): two references to one object compare equal.
    let address: UInt

    init(kind: Kind, slot: Int32, owner: LuaRefOwner, address: UInt) {
        self.kind = kind
        self.slot = slot
        self.owner = owner
        self.address = address
    }

    deinit {
        owner.release(slot)
    }

    /// True when both references point at the same Lua object of the same state.
    public static func == (lhs: LuaRef, rhs: LuaRef) -> Bool {
        lhs.owner === rhs.owner && lhs.address == rhs.address
    }

    /// Hashes the object's identity.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(ObjectIdentifier(owner))
        hasher.combine(address)
    }

    /// For example `function: 0x5581d2a3c0`.
    public var description: String {
        let name = switch kind {
        case .function: "function"
        case .table: "table"
        case .userdata: "userdata"
        }
        return "\(name): 0x\(String(address, radix: 16))"
    }
}

/// The identity of a state for its references, and the queue of registry slots waiting to be released.
final class LuaRefOwner: @unchecked Sendable {
    private let lock = NSLock()
    private var pending: [Int32] = []

    /// Queues a slot; the owning state releases it on its own thread.
    func release(_ slot: Int32) {
        lock.lock()
        pending.append(slot)
        lock.unlock()
    }

    /// The slots queued since the last call, emptied.
    func takePending() -> [Int32] {
        lock.lock()
        defer { lock.unlock() }
        guard !pending.isEmpty else { return [] }
        let slots = pending
        pending.removeAll(keepingCapacity: true)
        return slots
    }
}
