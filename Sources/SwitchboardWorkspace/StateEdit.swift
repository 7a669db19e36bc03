import Foundation
import Reconciler
import StateBackends
import SwitchboardModel

/// One hand edit of state (`state rm`, `state unprotect`): lock, load, change, save, and a history record.
public enum StateEdit {
    /// What an edit decided: the new state (nil when nothing changes) and a sentence for history and output.
    public struct Outcome: Sendable {
        /// The state to save, or nil to leave state untouched.
        public var snapshot: StateSnapshot?
        /// What happened, for the history record and the user.
        public var message: String

        /// Creates an outcome.
        public init(snapshot: StateSnapshot?, message: String) {
            self.snapshot = snapshot
            self.message = message
        }
    }

    /// Takes the lock for `command`, loads state, applies `change`, saves the result (if any) and appends
    /// a history record with `event` (`state-rm`, `state-unprotect`).
    /// - Returns: the outcome, with `snapshot` as saved (serial bumped).
    /// - Throws: `StateError.locked` when another command holds the lock past `timeout`; whatever `change`
    ///   throws (nothing is saved or recorded then); `StateError.conflict` or I/O errors from saving.
    public static func run(
        store: some StateStore, command: String, event: HistoryRecord.Event, timeout: Double,
        identity: ProcessIdentity = .current,
        _ change: @Sendable (StateSnapshot) throws -> Outcome
    ) async throws -> Outcome {
        try await withStateLock(store: store, command: command, timeout: timeout) { lease in
            var outcome = try change(try await store.load())
            guard let next = outcome.snapshot else { return outcome }
            try await lease.check()
            outcome.snapshot = try await store.save(next)
            try await store.appendHistory(
                HistoryRecord(
                    id: UUID().uuidString.lowercased(), time: StateTime.format(Date()), user: identity.user,
                    host: identity.host, event: event, result: .succeeded, message: outcome.message))
            return outcome
        }
    }

    /// `state rm ADDR`: forgets the resource; the object stays on its platform.
    /// - Throws: `StateOps.Failure.notManaged` when the address is not in state; lock and save errors.
    public static func remove(
        _ address: Address, store: some StateStore, timeout: Double, identity: ProcessIdentity = .current
    ) async throws -> Outcome {
        try await run(
            store: store, command: "state rm \(address)", event: .stateRm, timeout: timeout, identity: identity
        ) { snapshot in
            let removal = try StateOps.remove(snapshot, address)
            var message = "removed \(address) from state; the object stays on \(removal.removed.platform) "
                + "(remote id \(removal.removed.remoteId)) and is no longer managed"
            if !removal.dependents.isEmpty {
                message += "; still in state and referring to it: "
                    + removal.dependents.map(\.description).joined(separator: ", ")
            }
            return Outcome(snapshot: removal.snapshot, message: message)
        }
    }

    /// `state unprotect ADDR`: clears `protect`, so a later plan may delete or replace the resource.
    /// - Throws: `StateOps.Failure.notManaged` when the address is not in state; lock and save errors.
    public static func unprotect(
        _ address: Address, store: some StateStore, timeout: Double, identity: ProcessIdentity = .current
    ) async throws -> Outcome {
        try await run(
            store: store, command: "state unprotect \(address)", event: .stateUnprotect, timeout: timeout,
            identity: identity
        ) { snapshot in
            let result = try StateOps.unprotect(snapshot, address)
            guard result.changed else {
                return Outcome(snapshot: nil, message: "\(address) is not protected; nothing to do")
            }
            return Outcome(
                snapshot: result.snapshot,
                message: "\(address) is no longer protected; deleting its manifest now deletes it on the platform")
        }
    }
}
